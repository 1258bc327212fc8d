import { describe, expect, it } from 'vitest';
import { createUtteranceParser, parseWordLine } from './pocketsphinx-output.js';
import type { RecognisedWord } from './transcriber.js';

// Verbatim `pocketsphinx_continuous -time yes` output for one utterance.
const UTTERANCE = `the weather is lovely today
<s> 0.000 0.140 1.000100
the 0.150 0.300 0.997403
weather 0.310 0.620 0.992229
<sil> 1.680 1.810 0.973553
to(3) 2.500 2.670 0.812675
[NOISE] 2.680 2.700 0.500000
</s> 4.240 4.330 1.000000
`;

describe('parseWordLine', () => {
  it('reads a word with its times and confidence, clamped to 0..1', () => {
    expect(parseWordLine('the 0.150 0.300 0.997403')).toEqual({ word: 'the', startS: 0.15, endS: 0.3, confidence: 0.997403 });
    expect(parseWordLine('<s> 0.000 0.140 1.000100')).toBe('filler');
    expect(parseWordLine('yes 1.000 1.200 1.000100')).toMatchObject({ confidence: 1 });
  });

  it('drops the alternate-pronunciation suffix', () => {
    expect(parseWordLine('to(3) 2.500 2.670 0.812675')).toMatchObject({ word: 'to' });
  });

  it('tells silence, noise and sentence marks from words, and hypothesis lines from both', () => {
    expect(['<sil> 1 2 0.9', '[NOISE] 1 2 0.5', '++BREATH++ 1 2 0.5'].map(parseWordLine)).toEqual(['filler', 'filler', 'filler']);
    expect(parseWordLine('</s> 4.240 4.330 1.000000')).toBe('end');
    expect(parseWordLine('the weather is lovely today')).toBeNull();
  });
});

describe('createUtteranceParser', () => {
  const parse = (chunks: string[], end = false) => {
    const batches: RecognisedWord[][] = [];
    const parser = createUtteranceParser((words) => batches.push(words));
    for (const chunk of chunks) parser.push(chunk);
    if (end) parser.end();
    return batches.map((words) => words.map((w) => w.word));
  };

  it('gives one batch of words per utterance, at its </s>', () => {
    expect(parse([UTTERANCE, UTTERANCE])).toEqual([['the', 'weather', 'to'], ['the', 'weather', 'to']]);
  });

  it('joins a line split across chunks', () => {
    const at = UTTERANCE.indexOf('ther 0.310');
    expect(parse([UTTERANCE.slice(0, at), UTTERANCE.slice(at)])).toEqual([['the', 'weather', 'to']]);
  });

  it('holds an unfinished utterance until the process ends', () => {
    const open = UTTERANCE.slice(0, UTTERANCE.indexOf('</s>'));
    expect(parse([open])).toEqual([]);
    expect(parse([open], true)).toEqual([['the', 'weather', 'to']]);
  });

  // pocketsphinx's output for an utterance cut right after its last word (white noise up to the cut): no `</s>`
  // line. Verbatim, then with five of its eight word lines left out (output that never adds up).
  const CUT_AFTER_A_WORD_VERBATIM = `can you call me back tomorrow morning for
<s> 0.000 0.190 0.999600
can 0.200 0.500 0.858114
you 0.510 0.640 0.998301
call 0.650 0.940 0.382353
me 0.950 1.120 0.958290
back 1.130 1.380 0.476263
tomorrow(2) 1.390 1.920 0.498436
morning 1.930 2.510 1.000000
for(2) 2.520 3.310 1.000000
`;
  const CUT_AFTER_A_WORD = `can you call me back tomorrow morning for
<s> 0.000 0.190 0.999600
can 0.200 0.500 0.858114
morning 1.930 2.510 1.000000
for(2) 2.520 3.310 1.000000
`;

  it('closes an utterance that prints no </s> at its last word line, as many as its hypothesis has words', () => {
    expect(parse([CUT_AFTER_A_WORD_VERBATIM])).toEqual([['can', 'you', 'call', 'me', 'back', 'tomorrow', 'morning', 'for']]);
    // Split anywhere, it is still one utterance.
    const at = CUT_AFTER_A_WORD_VERBATIM.indexOf('back');
    expect(parse([CUT_AFTER_A_WORD_VERBATIM.slice(0, at), CUT_AFTER_A_WORD_VERBATIM.slice(at)])).toEqual([
      ['can', 'you', 'call', 'me', 'back', 'tomorrow', 'morning', 'for'],
    ]);
  });

  it('releases an utterance that printed no </s> once settled, and not before', () => {
    const batches: string[][] = [];
    const parser = createUtteranceParser((words) => batches.push(words.map((w) => w.word)));
    parser.push(CUT_AFTER_A_WORD);
    expect(batches).toEqual([]);
    expect(parser.holding()).toBe(true);
    parser.settle();
    expect(batches).toEqual([['can', 'morning', 'for']]);
    expect(parser.holding()).toBe(false);
    // Nothing held: settling again releases nothing.
    parser.settle();
    expect(batches).toHaveLength(1);
  });

  it('does not settle in the middle of a line still being written', () => {
    const batches: string[][] = [];
    const parser = createUtteranceParser((words) => batches.push(words.map((w) => w.word)));
    parser.push(CUT_AFTER_A_WORD.slice(0, CUT_AFTER_A_WORD.indexOf('for(2)') + 3));
    parser.settle();
    expect(batches).toEqual([]);
    parser.push(CUT_AFTER_A_WORD.slice(CUT_AFTER_A_WORD.indexOf('for(2)') + 3));
    parser.settle();
    expect(batches).toEqual([['can', 'morning', 'for']]);
  });
});
