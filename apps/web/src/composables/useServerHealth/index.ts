import { shallowRef } from 'vue';

/** Why nothing can start: the phone is offline, or the server does not answer /health. */
export type ServerProblem = 'offline' | 'serverAway';

// One state for the whole page: the offline notice and the "Keep a transcript" switch read the same /health answer,
// so the start screen asks the server once.
const problem = shallowRef<ServerProblem | null>(null);
// Until /health says otherwise keeping is offered; a Start refused with 503 keeping_unavailable also turns it off.
const canKeep = shallowRef(true);

export interface UseServerHealthOptions {
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** @default globalThis.navigator */
  navigator?: Pick<Navigator, 'onLine'>;
}

/** What the last GET /health found: whether the server answers, and whether it can keep transcripts. */
export function useServerHealth({ fetch = globalThis.fetch, navigator = globalThis.navigator }: UseServerHealthOptions = {}) {
  /** Asks /health again (on load, and when the phone comes back online). */
  async function check(): Promise<void> {
    if (navigator?.onLine === false) {
      problem.value = 'offline';
      return;
    }
    try {
      const response = await fetch('/health', { cache: 'no-store' });
      problem.value = response.ok ? null : 'serverAway';
      // One field of HealthResponseSchema, read without zod, which stays out of the first load: only an explicit
      // "unavailable" (no SQLite driver) turns the switch off; a body that is not JSON is a server that is not Linnet.
      if (response.ok) canKeep.value = ((await response.json()) as { storage?: unknown } | null)?.storage !== 'unavailable';
    } catch {
      problem.value = 'serverAway';
    }
  }
  // Plain refs, not readonly ones (a few bytes of first load): the session code turns canKeep off when Start is
  // refused with 503 keeping_unavailable before /health answered.
  return { problem, canKeep, check };
}

/** Forgets what /health said (tests start from a page that has not asked yet). */
export function resetServerHealth(): void {
  problem.value = null;
  canKeep.value = true;
}
