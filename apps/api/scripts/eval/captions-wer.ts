/** Word error rate: the pure part of `pnpm eval:captions`. */

/**
 * A sentence or caption as comparable words: lowercase, punctuation dropped (apostrophes kept, so
 * "i'm" stays one word as the dictionary spells it), split on whitespace.
 */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== "'");
}

/**
 * Word-level Levenshtein distance (substitutions + deletions + insertions) between a reference and
 * a hypothesis; WER is `errors / reference.length`.
 * @see https://en.wikipedia.org/wiki/Word_error_rate
 */
export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): number {
  // One row of the edit-distance table at a time: O(n·m) time, O(m) memory.
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

/** Percent, one decimal: the unit the evaluation's table and gate use. */
export function werPercent(errors: number, referenceWords: number): number {
  return referenceWords === 0 ? 0 : Math.round((errors / referenceWords) * 1000) / 10;
}
