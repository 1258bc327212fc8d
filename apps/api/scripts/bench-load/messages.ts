/** What the bench's main process and its load-generating child processes tell each other over IPC. */

/** One simulated client: where in the speech it starts and how late after the common start. */
export interface SessionPlan {
  audioOffsetFrames: number;
  phaseMs: number;
  /** Which instance (an index into `baseUrls`) starts the session, takes its audio, serves its stream. */
  startOn: number;
  audioOn: number;
  streamOn: number;
}

export type ToLoadWorker =
  | { type: 'open'; baseUrls: string[]; plans: SessionPlan[]; frames: number; windowMs: number }
  | { type: 'go'; startAtEpochMs: number }
  | { type: 'finish' };

/** Event-loop delay of a load process while streaming, in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** Counters of one load process. */
export interface LoadCounts {
  sessionsOpened: number;
  openFailures: number;
  framesSent: number;
  acks: number;
  toneEvents: number;
  speakerEvents: number;
  otherEvents: number;
  /** Mapped to a frame not yet sent: would mean the window-end mapping is wrong. */
  eventsBeforeWindowEnd: number;
  socketsClosedEarly: number;
}

export type FromLoadWorker =
  | { type: 'opened'; counts: LoadCounts; firstError: string | null }
  | { type: 'sent' }
  | {
      type: 'result';
      counts: LoadCounts;
      ackRttMs: Float64Array;
      eventLatencyMs: Float64Array;
      sendLagMs: Float64Array;
      loopDelayMs: LoopDelay;
    };
