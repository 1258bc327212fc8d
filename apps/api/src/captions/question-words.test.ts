import { describe, expect, it } from 'vitest';
import { isQuestionByWords, normaliseWords } from './question-words.js';

const words = (text: string) => text.split(' ');

describe('isQuestionByWords', () => {
  it.each([
    'is the office open on saturday',
    'can you hear me all right',
    'did the engineer call you',
    'are they coming',
    "don't you think so",
    "isn't it a bit late",
    'is there a later train',
    'have you found my booking',
    'would monday be all right',
    'could anyone help me',
  ])('reads an auxiliary before its subject as a question: "%s"', (text) => {
    expect(isQuestionByWords(words(text))).toBe(true);
  });

  it.each(['what time is it', 'where does it go', 'how long does it take', 'which train is it', "what's the reference", 'who called', 'what happened', 'why not', 'how about friday', 'why'])(
    'reads a wh-word opening a question as a question: "%s"',
    (text) => {
      expect(isQuestionByWords(words(text))).toBe(true);
    },
  );

  it.each(["it's cold in here isn't it", "you don't mind do you", "you'll call me won't you", 'we meet at six right', 'we will leave at nine okay'])(
    'reads a closing tag as a question: "%s"',
    (text) => {
      expect(isQuestionByWords(words(text))).toBe(true);
    },
  );

  it.each(['what i mean is we should wait', 'how nice', 'when you get there call me', 'what a lovely day', 'where i live it rains'])(
    'does not read a wh-word opening a clause or an exclamation as a question: "%s"',
    (text) => {
      expect(isQuestionByWords(words(text))).toBe(false);
    },
  );

  it.each([
    'i would like to check the balance on my account',
    "it's in the post",
    'the parcel was supposed to arrive on tuesday',
    'i have been a customer for six years',
    'so do i',
    "that's all right",
    "it's okay",
    'turn right',
    'okay',
  ])('does not read a declarative as a question: "%s"', (text) => {
    expect(isQuestionByWords(words(text))).toBe(false);
  });

  // Decided: "do" + a bare verb is an emphatic imperative; only "do" + a subject asks.
  it('does not read an emphatic imperative ("do sit down") or a bare modal ("could be worse") as a question', () => {
    expect(isQuestionByWords(words('do sit down'))).toBe(false);
    expect(isQuestionByWords(words("don't worry about it"))).toBe(false);
    expect(isQuestionByWords(words('could be worse'))).toBe(false);
    expect(isQuestionByWords(words('might probably be fine'))).toBe(false);
  });

  it('skips words said before the sentence proper', () => {
    expect(isQuestionByWords(words('sorry could you say that again'))).toBe(true);
    expect(isQuestionByWords(words('um is it ready'))).toBe(true);
    expect(isQuestionByWords(words('so the train was late'))).toBe(false);
  });

  it('is false for no words', () => {
    expect(isQuestionByWords([])).toBe(false);
    expect(isQuestionByWords(['', ' '])).toBe(false);
  });

  it("reads a recogniser's case and punctuation as the plain words", () => {
    expect(isQuestionByWords(['Is', 'it', 'ready?'])).toBe(true);
    expect(isQuestionByWords([' Isn’t', 'it?'])).toBe(true);
    expect(isQuestionByWords(['What', 'I', 'mean,', 'is...'])).toBe(false);
    expect(isQuestionByWords(['can(2)', 'you', 'hear', 'me'])).toBe(true);
  });
});

describe('normaliseWords', () => {
  it('lower-cases, straightens apostrophes, drops punctuation and pronunciation marks, and splits on spaces', () => {
    expect(normaliseWords([' Isn’t', 'it?', 'read(2)', '—', 'New York.'])).toEqual(["isn't", 'it', 'read', 'new', 'york']);
  });
});
