/** Command line of `pnpm bench:load`. */
import { DEFAULT_SERVER_ENTRY } from './server-process.js';

export const USAGE = `usage:
  pnpm bench:load N SECONDS [--aligned] [--cluster K] [--workers W] [--window-ms MS] [--entry FILE] [--server-env K=V ...]
      N sessions stream speech in real time for SECONDS, each with one SSE subscriber.
      --cluster K    K instances with STORE=redis through one redis-server (started on a free port); each
                     session starts on one, streams audio into the next and is subscribed to on the third
      --aligned      start every session on the same tick (worst case); default: random phase in 0..1 s
      --workers W    load-generating child processes (default: one per 250 sessions)
      --window-ms    the sessions' window_ms (default 1000)
      --entry FILE   server entry: a compiled .js (default apps/api/dist/server.js, as pnpm start runs) or .ts through tsx
      --server-env   extra server environment, repeatable (e.g. a worker-pool size)
      --cpu-prof DIR the server (with --cluster, every instance) runs under node --cpu-prof and writes its profiles into DIR
  pnpm bench:load --idle K [--per-session M] [--workers W] [--entry FILE]
      K idle SSE subscribers (M per session, default 1); prints server RSS per subscriber.`;

export interface CommonArgs {
  entry: string;
  serverEnv: Record<string, string>;
  workers: number | null;
  /** Directory for the server's `node --cpu-prof` profiles, or null for no profiling. */
  cpuProfDir: string | null;
}

export type BenchArgs =
  | (CommonArgs & { mode: 'load'; sessions: number; seconds: number; aligned: boolean; windowMs: number; instances: number })
  | (CommonArgs & { mode: 'idle'; subscribers: number; perSession: number });

function positiveInt(value: string | undefined, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive integer, got ${value ?? 'nothing'}`);
  return number;
}

/** Parse argv (without node and the script); throws with a sentence on bad input. */
export function parseArgs(argv: string[]): BenchArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (arg === '--aligned') flags.set(arg, ['']);
    else flags.set(arg, [...(flags.get(arg) ?? []), argv[++i] ?? '']);
  }
  const known = ['--aligned', '--cluster', '--workers', '--window-ms', '--entry', '--server-env', '--idle', '--per-session', '--cpu-prof'];
  for (const flag of flags.keys()) if (!known.includes(flag)) throw new Error(`unknown option ${flag}`);
  const last = (flag: string) => flags.get(flag)?.at(-1);
  const serverEnv: Record<string, string> = {};
  for (const pair of flags.get('--server-env') ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--server-env wants KEY=VALUE, got ${pair}`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const common: CommonArgs = {
    entry: last('--entry') ?? DEFAULT_SERVER_ENTRY,
    serverEnv,
    workers: flags.has('--workers') ? positiveInt(last('--workers'), '--workers') : null,
    cpuProfDir: last('--cpu-prof') || null,
  };
  if (flags.has('--idle')) {
    return {
      ...common,
      mode: 'idle',
      subscribers: positiveInt(last('--idle'), '--idle'),
      perSession: flags.has('--per-session') ? positiveInt(last('--per-session'), '--per-session') : 1,
    };
  }
  if (positional.length !== 2) throw new Error('expected N and SECONDS');
  return {
    ...common,
    mode: 'load',
    sessions: positiveInt(positional[0], 'N'),
    seconds: positiveInt(positional[1], 'SECONDS'),
    aligned: flags.has('--aligned'),
    windowMs: flags.has('--window-ms') ? positiveInt(last('--window-ms'), '--window-ms') : 1000,
    instances: flags.has('--cluster') ? positiveInt(last('--cluster'), '--cluster') : 1,
  };
}
