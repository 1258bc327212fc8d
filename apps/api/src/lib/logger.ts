/** Severity levels in increasing order; `silent` logs nothing (the default in tests). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields of a log line: identifiers, counts and durations only, never user text or audio. */
type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Structured logger: one JSON object per line. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** Where each finished line goes. @default process.stdout */
  write?: (line: string) => void;
}

// Enough of a 22-character session id to tell sessions apart in one log, not enough to join one:
// a full id is a bearer credential for the session's stream and audio.
const SESSION_ID_LOGGED_CHARS = 6;

/** The loggable form of a session id: its first few characters and an ellipsis. */
function shortSessionId(id: string): string {
  return id.length > SESSION_ID_LOGGED_CHARS ? `${id.slice(0, SESSION_ID_LOGGED_CHARS)}…` : id;
}

/**
 * Build a logger that writes `{"time","level","event",...fields}` lines at or above `level`. A
 * `session_id` field is always shortened, whoever logs it.
 */
export function createLogger({ level = 'info', write = (line) => process.stdout.write(line) }: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: LogFields = {}): void => {
      if (LOG_LEVELS.indexOf(name) < threshold) return;
      if (typeof fields.session_id === 'string') fields = { ...fields, session_id: shortSessionId(fields.session_id) };
      write(`${JSON.stringify({ time: new Date().toISOString(), level: name, event, ...fields })}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
