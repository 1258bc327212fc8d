import type { EngineEvent, EngineOptions } from '@linnet/engine';

/** What the API tells an engine about the session whose audio it analyses. */
export interface SessionEngineOptions extends EngineOptions {
  sessionId: string;
}

/**
 * One session's analysis as the audio pipeline drives it: the in-process engine answers
 * synchronously, a worker or a sidecar classifier with a promise. Events carry no session id;
 * the pipeline stamps it when it publishes.
 */
export interface SessionEngine {
  analyse(window: Int16Array, startS: number): EngineEvent[] | Promise<EngineEvent[]>;
  /** Release everything the session's analysis holds. */
  dispose(): void;
}

/** Builds one engine per session. */
export type SessionEngineFactory = (options: SessionEngineOptions) => SessionEngine;
