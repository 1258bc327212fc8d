let pickers = 0;

/** A page-unique id for one correction picker (ties its button's aria-controls and its radio group's name to it). */
export function nextPickerId(): string {
  pickers += 1;
  return `correction-${pickers}`;
}
