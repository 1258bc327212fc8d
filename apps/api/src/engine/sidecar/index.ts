import { createFloatConverter, createToneAnnotator, HOST_IS_LITTLE_ENDIAN, type CallStateDetector, type EngineEvent } from '@linnet/engine';
import type { SessionEngine, SessionEngineFactory, SessionEngineOptions } from '../tone-engine.js';
import { DEFAULTS } from '../../defaults.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import { createSidecarClient, SidecarError, type SidecarFailureKind } from './sidecar-client.js';
import { toEngineEvent } from './sidecar-events.js';


/** Counters over every session's sidecar calls, exposed at `/metrics`. */
export interface SidecarStats {
  requests: number;
  succeeded: number;
  /** Windows dropped because the call failed, by cause. */
  failures: Record<SidecarFailureKind, number>;
}

/** Fresh zeroed counters. */
export function createSidecarStats(): SidecarStats {
  return { requests: 0, succeeded: 0, failures: { timeout: 0, http_status: 0, network: 0, malformed: 0 } };
}

export interface SidecarEngineOptions {
  /** CF_VOICE_URL. */
  url: string;
  /** SIDECAR_TIMEOUT_MS. @default DEFAULTS.sidecarTimeoutMs */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  logger?: Logger;
  /** Shared counters (one object for all sessions). */
  stats?: SidecarStats;
  /** Builds a local call-state detector to run beside the classifier; none when omitted. */
  localCallState?: (options: { sampleRate: number }) => CallStateDetector;
}

function base64Pcm(window: Int16Array): string {
  const bytes = Buffer.from(window.buffer, window.byteOffset, window.byteLength);
  // The classifier, like the wire, takes little-endian PCM.
  if (HOST_IS_LITTLE_ENDIAN) return bytes.toString('base64');
  return Buffer.from(bytes).swap16().toString('base64');
}

/**
 * One session's engine that sends each window to an external classifier (`POST /classify`),
 * validates and annotates its answer, and optionally runs the local call-state detector beside
 * it. A slow or failing classifier costs only that window: it is logged, counted and dropped.
 */
export function createSidecarEngine(session: SessionEngineOptions, options: SidecarEngineOptions): SessionEngine {
  const { logger = silentLogger, stats = createSidecarStats() } = options;
  const client = createSidecarClient({ url: options.url, timeoutMs: options.timeoutMs ?? DEFAULTS.sidecarTimeoutMs, fetch: options.fetch });
  const annotator = createToneAnnotator({ elcor: session.elcor });
  const callState = options.localCallState?.({ sampleRate: session.sampleRate });
  // Its buffer is reused between windows: the detector reads it synchronously within one analyse call.
  const pcm = createFloatConverter();
  let disposed = false;

  function localEvents(window: Int16Array, startS: number): EngineEvent[] {
    if (!callState) return [];
    return callState.process(pcm.toFloats(window), startS).events;
  }

  return {
    async analyse(window, startS) {
      const local = localEvents(window, startS);
      stats.requests += 1;
      const startedAt = performance.now();
      try {
        const remote = await client.classify({
          audio_chunk: base64Pcm(window),
          timestamp: startS,
          elcor: session.elcor,
          session_id: session.sessionId,
        });
        stats.succeeded += 1;
        if (disposed) return [];
        return [...local, ...remote.map((event) => toEngineEvent(event, annotator))];
      } catch (error) {
        const kind: SidecarFailureKind = error instanceof SidecarError ? error.kind : 'network';
        stats.failures[kind] += 1;
        logger.warn('sidecar_window_dropped', {
          session_id: session.sessionId,
          start_s: startS,
          kind,
          status: error instanceof SidecarError ? error.status : undefined,
          // Our own messages name only the cause; anything else is reduced to its class name.
          reason: error instanceof SidecarError ? error.message : (error as Error)?.name,
          elapsed_ms: Math.round(performance.now() - startedAt),
        });
        return local;
      }
    },
    dispose() {
      disposed = true;
      pcm.release();
    },
  };
}

/** A SessionEngineFactory over one shared configuration and one set of counters. */
export function createSidecarEngineFactory(options: SidecarEngineOptions): { factory: SessionEngineFactory; stats: SidecarStats } {
  const stats = options.stats ?? createSidecarStats();
  return { factory: (session) => createSidecarEngine(session, { ...options, stats }), stats };
}
