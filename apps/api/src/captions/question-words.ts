/**
 * Questions read from a caption's words, for voices whose questions do not rise (docs/tone.md,
 * "Questioning from the words"). The rule is English interrogative syntax, written from the grammar:
 * subject–auxiliary inversion, a wh-word opening a question, or a tag question at the end. A
 * recogniser gives no commas or question marks to lean on (pocketsphinx gives none; whisper's are
 * dropped so that both recognisers are judged by the same words).
 */

import { observedPrecision } from '@linnet/engine';
import type { CaptionTone } from '@linnet/shared';
import { WORDS_QUESTION_BY_SNR } from './words-question-snr-table.js';

/**
 * How often an utterance the rule calls a question was one, at the session's estimated speech-to-noise
 * (SpeechToNoise, dB): a recogniser mishears more in noise, and at 10 dB SNR the rule was right 58 % of the
 * time on the tuning sentences against 87 % in quiet (docs/tone.md, "Questioning from the words, quoted for
 * the room's noise"). Under 1 by measurement, so the words rule is never shown as certain.
 */
export function wordsQuestionConfidence(snrDb: number): number {
  return Math.round(observedPrecision('Questioning', snrDb, { Questioning: WORDS_QUESTION_BY_SNR }) * 1000) / 1000;
}

/** The caption tone of an utterance whose words ask, heard at `snrDb` speech-to-noise. */
export function wordsQuestionTone(snrDb: number): CaptionTone {
  return {
    label: 'Questioning',
    confidence: wordsQuestionConfidence(snrDb),
    subtext: 'worded as a question; they may expect an answer',
    // Read from the words, not the voice: a rating of it does not teach the tone engine (learning-store.ts).
    source: 'words',
  };
}

/** Auxiliaries and modals that invert with the subject in a yes/no question ("is it", "can you"). */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'am', 'do', 'does', 'did', 'have', 'has', 'had',
  'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must',
]);
/** Their negative contractions, which open questions ("isn't it", "don't you") and make tags. */
const NEGATIVE_AUXILIARIES = new Set([
  "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't",
  "can't", "couldn't", "won't", "wouldn't", "shan't", "shouldn't", "mightn't", "mustn't", "ain't",
]);
/** Words that open a subject noun phrase: pronouns, determiners, demonstratives, quantifier pronouns. */
const SUBJECT_STARTS = new Set([
  'you', 'i', 'we', 'they', 'he', 'she', 'it', 'there', 'this', 'that', 'these', 'those',
  'the', 'a', 'an', 'your', 'my', 'our', 'their', 'his', 'her', 'its',
  'anyone', 'anybody', 'anything', 'someone', 'somebody', 'something', 'everyone', 'everybody', 'everything',
  'nobody', 'nothing', 'any', 'some', 'all', 'both', 'each', 'every', 'either', 'neither', 'one',
]);
/** Subject pronouns of a tag question ("..., isn't it", "..., do you"). */
const TAG_PRONOUNS = new Set(['you', 'i', 'we', 'they', 'he', 'she', 'it', 'there', 'that', 'this']);
const WH_WORDS = new Set(['what', 'where', 'when', 'why', 'who', 'whom', 'whose', 'which', 'how']);
/** wh-word + 's / 'd / 're: "what's", "where'd", "who're" are a wh-word and an inverted auxiliary. */
const WH_CONTRACTION = /^(what|where|when|why|who|how)'(s|d|re|ll|ve)$/;
/** Fixed wh-openings that are questions without inversion ("how about Friday", "why not"). */
const WH_IDIOMS = new Set(['how about', 'what about', 'what if', 'why not', 'how come']);
/** Past forms that make "who"/"what" the subject of a question ("who called", "what happened"). */
const IRREGULAR_PAST = new Set(['said', 'did', 'went', 'came', 'told', 'made', 'broke', 'took', 'got', 'left', 'sent', 'found', 'saw', 'rang', 'gave']);
/**
 * Between a wh-word and the auxiliary of its question stand at most a few words of the wh-phrase
 * ("how long does", "which train is"); a pronoun there means a clause instead ("what I mean is").
 */
const WH_PHRASE_MAX_WORDS = 2;
/** Words said before the sentence proper, skipped when looking at how it opens. */
const OPENERS = new Set(['so', 'and', 'but', 'oh', 'well', 'okay', 'ok', 'right', 'sorry', 'um', 'uh', 'er', 'erm', 'hmm', 'hi', 'hello', 'please', 'yes', 'yeah', 'no', 'now']);
/** Words before a final "right" that make it an adjective or a direction, not a tag ("all right", "turn right"). */
const NOT_TAG_BEFORE_RIGHT = new Set(['all', "that's", "you're", "it's", 'is', 'are', 'was', 'be', 'turn', 'the', 'your', 'my', 'his', 'her', 'their', 'our', 'quite', 'exactly', 'just', 'left', 'right', 'go']);
/** Words before a final "okay" that make it a predicate ("it's okay", "I'm okay"), not a tag. */
const NOT_TAG_BEFORE_OKAY = new Set(["it's", "that's", "i'm", "you're", "we're", "they're", "he's", "she's", "everything's", 'is', 'am', 'are', 'was', 'were', 'be', 'been', 'all', 'seems', 'looks', 'sounds', 'feel', 'feels', 'fine', 'okay', 'ok']);
/** Negation earlier in a clause, which a positive tag answers ("you don't mind, do you"). */
const NEGATION = /^(not|never|no|nothing|nobody)$|n't$/;
/** Words after which an auxiliary + pronoun ends a statement ("so do I", "neither can we"). */
const ECHO_BEFORE_TAG = new Set(['so', 'neither', 'nor', 'than', 'as']);
/** Bare verbs after which a modal + noun is a question ("would Monday be all right", "will the parcel arrive" is caught earlier). */
const BARE_BE_OR_HAVE = new Set(['be', 'have']);
/** Modals whose question may have a noun (a name, a day) for subject: "would Monday be". */
const MODALS = new Set(['can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must']);
/** A modal's subject noun phrase is at most this many words before its bare verb. */
const NOUN_SUBJECT_MAX_WORDS = 2;
/** Words that cannot be (all of) a subject between a modal and "be": "could probably be", "might not be". */
const NOT_A_SUBJECT = /^(not|never|also|just|still|always|really|then|even|only|well|easily|probably|certainly|definitely|surely|maybe|perhaps)$|ly$|n't$/;

/**
 * A recogniser's words as plain lower-case tokens: case and punctuation dropped (curly apostrophes
 * straightened, so "Isn’t" is "isn't"), pocketsphinx's "(2)" pronunciation marks removed, empty tokens gone.
 */
export function normaliseWords(words: readonly string[]): string[] {
  return words
    .flatMap((word) => word.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\(\d+\)$/, '').split(/\s+/))
    .map((word) => word.replace(/[^a-z0-9']+/g, '').replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '');
}

/** Yes/no question: an auxiliary, then its subject ("is the office open", "don't you think", "would Monday be"). */
function invertedAuxiliary(words: readonly string[]): boolean {
  const [first, second] = words;
  if (first === undefined || second === undefined) return false;
  if (!AUXILIARIES.has(first) && !NEGATIVE_AUXILIARIES.has(first)) return false;
  if (SUBJECT_STARTS.has(second)) return true;
  // A modal, a short noun phrase we cannot tell from other words, then a bare "be"/"have": "would Monday be".
  if (!MODALS.has(first)) return false;
  for (let i = 2; i <= 1 + NOUN_SUBJECT_MAX_WORDS && i < words.length; i++) {
    if (BARE_BE_OR_HAVE.has(words[i]!)) return words.slice(1, i).every((word) => !NOT_A_SUBJECT.test(word));
  }
  return false;
}

/** wh-question: the wh-word (and its phrase), then an inverted auxiliary; or the wh-word as subject of a past verb. */
function whQuestion(words: readonly string[]): boolean {
  const [first, second] = words;
  if (first === undefined) return false;
  if (WH_CONTRACTION.test(first)) return true;
  if (!WH_WORDS.has(first)) return false;
  // "what?", "why?": a wh-word alone asks.
  if (second === undefined) return true;
  if (WH_IDIOMS.has(`${first} ${second}`)) return true;
  if ((first === 'who' || first === 'what') && (IRREGULAR_PAST.has(second) || /ed$/.test(second))) return true;
  for (let i = 1; i <= 1 + WH_PHRASE_MAX_WORDS && i < words.length; i++) {
    const word = words[i]!;
    if (AUXILIARIES.has(word) || NEGATIVE_AUXILIARIES.has(word)) return true;
    // "what I mean is", "when you get there": a subject before any auxiliary makes it a clause.
    if (TAG_PRONOUNS.has(word) || SUBJECT_STARTS.has(word)) return false;
  }
  return false;
}

/** A tag question closing a statement: "..., isn't it", "..., do you" after a negative, "..., right", "..., okay". */
function endsWithTag(words: readonly string[]): boolean {
  const n = words.length;
  // A tag needs a clause before it: "okay" or "right" alone is an answer.
  if (n < 3) return false;
  const last = words[n - 1]!;
  const before = words[n - 2]!;
  if (last === 'right') return !NOT_TAG_BEFORE_RIGHT.has(before);
  if (last === 'okay' || last === 'ok') return !NOT_TAG_BEFORE_OKAY.has(before);
  if (!TAG_PRONOUNS.has(last)) return false;
  if (NEGATIVE_AUXILIARIES.has(before)) return true;
  // A positive tag answers a negative clause ("you don't mind, do you"); "so do I" is an echo, not a tag.
  if (!AUXILIARIES.has(before) || ECHO_BEFORE_TAG.has(words[n - 3]!)) return false;
  return words.slice(0, n - 2).some((word) => NEGATION.test(word));
}

/**
 * Whether an utterance's words are an English question by their syntax: an auxiliary or modal
 * before its subject, a wh-word opening a question, or a closing tag question. Words said before
 * the sentence proper ("so", "sorry", "um") are skipped.
 */
export function isQuestionByWords(words: readonly string[]): boolean {
  const tokens = normaliseWords(words);
  // "so do I", "neither can we": an echo of the last speaker's clause, not an inversion that asks.
  if (tokens.length === 3 && ECHO_BEFORE_TAG.has(tokens[0]!) && AUXILIARIES.has(tokens[1]!) && TAG_PRONOUNS.has(tokens[2]!)) return false;
  let start = 0;
  while (start < tokens.length - 1 && OPENERS.has(tokens[start]!)) start++;
  const sentence = tokens.slice(start);
  if (sentence.length === 0) return false;
  return invertedAuxiliary(sentence) || whQuestion(sentence) || endsWithTag(tokens);
}
