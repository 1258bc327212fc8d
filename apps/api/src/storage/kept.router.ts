import {
  ExportQuerySchema,
  KeptSessionsQuerySchema,
  ResumeSessionRequestSchema,
  SessionIdSchema,
  type DeleteKeptResponse,
  type KeptSession,
  type KeptSessionsResponse,
  type TranscriptEvent,
  type ToneEvent,
} from '@linnet/shared';
import { Router, type Request } from 'express';
import { normaliseAddress } from '../limits/client-address.js';
import { HttpError } from '../lib/http-error.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { parseOr400 } from '../lib/parse-or-400.js';
import { transcriptMarkdown, transcriptVtt } from '../sessions/export-formats.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createSessionOrRefuse, parseJsonBody, sessionResponse, type StartSession } from '../sessions/sessions.router.js';
import { deviceOf } from '../lib/device.js';
import type { KeptStore } from './kept-store.js';
import { withStorage } from './storage-error.js';

export interface KeptRouterOptions {
  kept: KeptStore;
  store: SessionStore;
  /** Starts the resumed session instead of `store.create` (STORE=redis). */
  startSession?: StartSession;
  /** Seconds a client is told to wait when MAX_SESSIONS are running. */
  retryAfterS: number;
  /** The client address a resumed session counts against (MAX_SESSIONS_PER_CLIENT). */
  clientOf?: (req: Request) => string;
  logger?: Logger;
}

/** The asking device's kept conversation, or a 404: another device's reads as one that does not exist. */
function requireKept(kept: KeptStore, device: string, rawId: string | string[] | undefined): KeptSession {
  const id = parseOr400(SessionIdSchema, rawId, 'invalid_session_id', 'session id');
  const conversation = withStorage(() => kept.get(device, id));
  if (!conversation) throw new HttpError(404, 'session_not_found', `No kept conversation ${id}`);
  return conversation;
}

function transcriptSource(conversation: KeptSession) {
  const captions: TranscriptEvent[] = [];
  const tones: ToneEvent[] = [];
  for (const { event } of conversation.events) {
    if (event.event_type === 'transcript') captions.push(event);
    else if (event.event_type === 'tone') tones.push(event);
  }
  return { startedAt: conversation.started_at, captions, tones };
}

/** `/sessions` (kept conversations: list, search, read, export, delete) and `POST /session/resume`. */
export function createKeptRouter({ kept, store, startSession, retryAfterS, clientOf = (req) => normaliseAddress(req.socket.remoteAddress), logger = silentLogger }: KeptRouterOptions): Router {
  const router = Router();

  router.get('/sessions', (req, res) => {
    const device = deviceOf(req);
    const query = parseOr400(KeptSessionsQuerySchema, req.query, 'invalid_query', 'sessions query');
    const { sessions, nextBefore } = withStorage(() => kept.list(device, query));
    const body: KeptSessionsResponse = { count: sessions.length, sessions, next_before: nextBefore };
    res.json(body);
  });

  router.delete('/sessions', (req, res) => {
    const device = deviceOf(req);
    const body: DeleteKeptResponse = { deleted: withStorage(() => kept.deleteAll(device)) };
    logger.info('kept_deleted_all', { count: body.deleted });
    res.json(body);
  });

  router.get('/sessions/:id', (req, res) => {
    res.json(requireKept(kept, deviceOf(req), req.params.id));
  });

  router.get('/sessions/:id/export', (req, res) => {
    const device = deviceOf(req);
    const { format } = parseOr400(ExportQuerySchema, req.query, 'invalid_query', 'export query');
    const conversation = requireKept(kept, device, req.params.id);
    res.set('Content-Disposition', `attachment; filename="linnet-conversation-${conversation.session_id}.${format}"`);
    if (format === 'json') {
      res.json(conversation);
      return;
    }
    const source = transcriptSource(conversation);
    const [type, text] = format === 'md' ? ['text/markdown', transcriptMarkdown(source)] : ['text/vtt', transcriptVtt(source)];
    res.set('Content-Type', `${type}; charset=utf-8`).send(text);
  });

  router.delete('/sessions/:id', (req, res) => {
    const device = deviceOf(req);
    const id = parseOr400(SessionIdSchema, req.params.id, 'invalid_session_id', 'session id');
    if (!withStorage(() => kept.delete(device, id))) throw new HttpError(404, 'session_not_found', `No kept conversation ${id}`);
    logger.info('kept_deleted', { session_id: id });
    const body: DeleteKeptResponse = { deleted: 1 };
    res.json(body);
  });

  router.post('/session/resume', parseJsonBody, async (req, res) => {
    const device = deviceOf(req);
    const { from } = parseOr400(ResumeSessionRequestSchema, req.body ?? {}, 'invalid_request', 'resume request');
    const conversation = requireKept(kept, device, from);
    const { elcor, window_ms, transcribe } = conversation.settings;
    const session = await createSessionOrRefuse(
      startSession ?? store,
      { elcor, windowMs: window_ms, transcribe, keep: true, resumedFrom: conversation.session_id, device, speakerBaseline: conversation.speaker_baseline ?? null, client: clientOf(req) },
      retryAfterS,
    );
    // The live session starts with the kept one's tone history and captions, so its `/history`
    // and exports read as one conversation, and its engine with the kept speaker baseline, so the
    // first windows are heard against the voice it knew; the new part is kept as its own, linked by `resumed_from`.
    for (const { event } of conversation.events) {
      if (event.event_type === 'tone') session.channel.history.add({ ...event, session_id: session.id });
      else if (event.event_type === 'transcript') session.channel.captions.add({ ...event, session_id: session.id });
    }
    logger.info('session_resumed', { session_id: session.id, events: conversation.events.length, speaker_baseline: Boolean(conversation.speaker_baseline) });
    res.json(sessionResponse(session));
  });

  return router;
}
