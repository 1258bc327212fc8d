// What the session store needs to decide what to keep for display: apart from labels.ts (badges, trend and names,
// used only by the running screen's code) so the store, which the first screen loads, does not bring those with it.
import { SERVICE_CODE_TEXT, SERVICE_FALLBACK_TEXT } from './text';

/** Tone events below this confidence are not shown (the server already drops those under MIN_CONFIDENCE). */
export const DISPLAY_MIN_CONFIDENCE = 0.35;

/** One calm line for a service event that is not `ready`: the server's own sentence, else ours for its code. */
export function serviceLine(detail: string, code?: string): string {
  const text = detail.trim();
  if (text) return text;
  return (code && SERVICE_CODE_TEXT[code]) || SERVICE_FALLBACK_TEXT;
}
