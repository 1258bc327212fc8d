import { describe, expect, it } from 'vitest';
import { countPhrases, countUtterances, emptyCounts, finalCovered, phraseTouched } from './phrase-scoring.js';

const question = { startS: 2, endS: 4, question: true };
const statement = { startS: 5, endS: 7, question: false };

describe('phrase scoring', () => {
  it("counts a question only when a span reaches its last 0.5 s (to 0.3 s after)", () => {
    expect(finalCovered(question, [{ startS: 2, endS: 3.4 }])).toBe(false);
    expect(finalCovered(question, [{ startS: 2, endS: 3.6 }])).toBe(true);
    expect(finalCovered(question, [{ startS: 4.2, endS: 5 }])).toBe(true);
    expect(finalCovered(question, [{ startS: 4.3, endS: 5 }])).toBe(false);
  });

  it('counts a statement as false Questioning when a span touches it, or its tail for the engine', () => {
    expect(phraseTouched(statement, [{ startS: 7.1, endS: 8 }], 0)).toBe(false);
    expect(phraseTouched(statement, [{ startS: 7.1, endS: 8 }], 0.3)).toBe(true);
  });

  it('tallies questions and statements of a file, and words-question utterances that overlap a question', () => {
    const counts = emptyCounts();
    const spans = [{ startS: 2, endS: 3.9 }, { startS: 6, endS: 6.5 }];
    countPhrases(counts, [question, statement], (p) => finalCovered(p, spans), (p) => phraseTouched(p, spans, 0));
    expect(counts).toEqual({ questions: 1, questionsFinal: 1, statements: 1, statementsFalse: 1 });
    expect(countUtterances([question, statement], spans)).toEqual({ right: 1, all: 2 });
  });
});
