import type { RecognisedWord } from './transcriber.js';

// `word start end confidence`, as `pocketsphinx_continuous -time yes` prints each word.
const WORD_LINE = /^(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?(?:e-?\d+)?)$/;
// Fillers the decoder places between words: silence, sentence marks, noise.
const FILLER = /^(<s>|<\/s>|<sil>|\[[A-Z]+\]|\+\+.*\+\+)$/;
// `read(2)`: the dictionary's second pronunciation of `read`.
const ALTERNATE_PRONUNCIATION = /\(\d+\)$/;

/** One parsed `-time yes` word line: a word in seconds of the process's audio, or a filler. */
export function parseWordLine(line: string): RecognisedWord | 'filler' | 'end' | null {
  const match = WORD_LINE.exec(line.trim());
  if (!match) return null;
  const token = match[1]!;
  if (token === '</s>') return 'end';
  if (FILLER.test(token)) return 'filler';
  const confidence = Number(match[4]);
  return {
    word: token.replace(ALTERNATE_PRONUNCIATION, ''),
    startS: Number(match[2]),
    endS: Number(match[3]),
    confidence: Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0)),
  };
}

/**
 * Turns pocketsphinx's stdout, chunk by chunk, into one batch of words per utterance: a hypothesis
 * line, then a line per word, closed by `</s>`. A line split across chunks waits for its end. An
 * utterance cut right after its last word (noise up to the cut, no closing silence segment) prints no
 * `</s>`: it is whole once its word lines number its hypothesis's words, and `settle` releases what is
 * held once the decoder has gone quiet in case they never do.
 */
export function createUtteranceParser(onUtterance: (words: RecognisedWord[]) => void) {
  let partial = '';
  let words: RecognisedWord[] = [];
  /** Words on the open utterance's hypothesis line: once as many word lines have come, it is whole. */
  let expected = Infinity;
  const finish = () => {
    if (words.length > 0) onUtterance(words);
    words = [];
    expected = Infinity;
  };
  return {
    push(chunk: string): void {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const parsed = parseWordLine(line);
        if (parsed === 'end') finish();
        else if (parsed === null) {
          // A hypothesis line opens the next utterance; words still held belong to the last one.
          if (line.trim() === '') continue;
          finish();
          expected = line.trim().split(/\s+/).length;
        } else if (parsed !== 'filler') {
          words.push(parsed);
          // Its last word: an utterance cut right after it prints no `</s>` to wait for.
          if (words.length >= expected) finish();
        }
      }
    },
    /**
     * The decoder printed nothing for a while, and words are held whose hypothesis promised more (or had
     * none): release them as they are. A line still being written waits.
     */
    settle(): void {
      if (!partial) finish();
    },
    /** Whether words of an unfinished utterance are held. */
    holding: () => words.length > 0,
    /** The process ended: words of an utterance it never closed are still words. */
    end(): void {
      if (partial) this.push('\n');
      finish();
    },
  };
}
