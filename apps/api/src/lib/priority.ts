import { getPriority, setPriority } from 'node:os';

/**
 * Lower a process's scheduling priority to `niceness` (never raise it); false when it was not
 * changed (already as low, the process gone, or the platform refusing).
 * @see https://man7.org/linux/man-pages/man2/setpriority.2.html
 */
export function lowerPriority(pid: number, niceness: number): boolean {
  if (niceness <= 0) return false;
  try {
    if (getPriority(pid) >= niceness) return false;
    setPriority(pid, niceness);
    return true;
  } catch {
    // The process may already have exited, or the platform may not allow it: it runs as it was.
    return false;
  }
}
