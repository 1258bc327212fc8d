import { KEEPING_TEXT, SESSION_END_TEXT } from '../../lib/text-live';
import type { SessionStore } from '../../stores/session';
import type { StreamMessage } from '../useToneStream';

/**
 * What one stream message does to the screen's state: events go to the store with the time they arrived, and an
 * ending is said in plain words (our own End disconnects before it asks the server, so any other ending is news).
 */
export function applyStreamMessage(store: SessionStore, message: StreamMessage, receivedAt: number): void {
  switch (message.kind) {
    case 'event':
      store.applyEvent(message.event, receivedAt, message.id ?? null);
      return;
    case 'rejected':
      store.noteRejectedEvent();
      return;
    case 'replay-gap':
      store.noteReplayGap();
      return;
    case 'history':
      store.replaceHistory(message.events, receivedAt);
      return;
    case 'captions':
      store.mergeCaptions(message.captions);
      store.applyCaptionsState(message.state);
      return;
    case 'captions-state':
      store.applyCaptionsState(message.state);
      return;
    case 'gone':
      // The server has forgotten the session, so the start screen need not ask whether it can still export it.
      store.lastSessionId = null;
      if (message.reason === 'reaped' || message.reason === 'missing') {
        store.expire();
      } else {
        store.reset();
        if (message.reason === 'ended') store.fail(SESSION_END_TEXT.endedElsewhere);
        if (message.reason === 'shutdown') store.fail(SESSION_END_TEXT.serverRestarted);
        if (message.reason === 'lifetime') store.fail(SESSION_END_TEXT.lifetime);
      }
      // A conversation the user asked to keep and that could not be: said, after whatever ended it.
      if (message.keep === 'failed') store.fail([store.errorMessage, KEEPING_TEXT.failed].filter(Boolean).join(' '));
      return;
  }
}
