/** Where each piece of shared state lives in Redis, under one prefix. */
export function sharedKeys(prefix: string) {
  return {
    prefix,
    /** Sorted set of running session ids, scored by start time: ZCARD is the cluster's session count. */
    sessions: `${prefix}sessions`,
    /** Pub/sub channel: `<instance> <session id> <accepted at, ms>` when a session's audio socket opens on an instance. */
    audioClaims: `${prefix}audio-claims`,
    record: (id: string) => `${prefix}session:{${id}}`,
    /** Sorted set of the running sessions one client address started: MAX_SESSIONS_PER_CLIENT across the cluster. */
    clientSessions: (client: string) => `${prefix}client:{${client}}:sessions`,
    /** The session's event log, a Redis Stream with ids `<event id>-0`. */
    events: (id: string) => `${prefix}session:{${id}}:events`,
    /** The last event id handed out, so numbering survives the instance that runs the audio. */
    seq: (id: string) => `${prefix}session:{${id}}:seq`,
    /** The session id a stream key belongs to. */
    idOfEvents(key: string): string {
      return key.slice(`${prefix}session:{`.length, -'}:events'.length);
    },
  };
}
export type SharedKeys = ReturnType<typeof sharedKeys>;
