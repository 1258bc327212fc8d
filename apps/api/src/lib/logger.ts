import { createHash } from 'node:crypto';

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

// A full id is a bearer credential for the session's stream and audio, and even a prefix narrows
// a guess. Logs carry a short hash instead: 48 bits tell sessions apart in any one log, and give
// away nothing of the id itself.
const SESSION_HASH_CHARS = 8;

/** The loggable form of a session id: `#` and the first 8 base64url characters of its SHA-256. */
export function sessionIdHash(id: string): string {
  return `#${createHash('sha256').update(id).digest('base64url').slice(0, SESSION_HASH_CHARS)}`;
}

/**
 * Build a logger that writes `{"time","level","event",...fields}` lines at or above `level`. A
 * `session_id` field is always replaced by its short hash, whoever logs it.
 */
export function createLogger({ level = 'info', write = (line) => process.stdout.write(line) }: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: LogFields = {}): void => {
      if (LOG_LEVELS.indexOf(name) < threshold) return;
      if (typeof fields.session_id === 'string') fields = { ...fields, session_id: sessionIdHash(fields.session_id) };
      write(`${JSON.stringify({ time: new Date().toISOString(), level: name, event, ...fields })}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
