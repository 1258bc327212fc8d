/** A copy of `element` without its aria-hidden parts: what a screen reader has to read. */
export function withoutHidden(element: Element): HTMLElement {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy;
}

/** What a screen reader reads of `element`: its text without the aria-hidden parts, spaces normalised. */
export function spokenText(element: Element): string {
  return (withoutHidden(element).textContent ?? '').replace(/\s+/g, ' ').trim();
}
