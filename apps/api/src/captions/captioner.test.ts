import { describe, expect, it, vi } from 'vitest';
import { TranscriptEventSchema, type TranscriptEvent } from '@linnet/shared';
import { SESSION_ID, toneEvent } from '@linnet/shared/testing';
import { Captioner, segmentWords, speakerOfUtterance, toneOfUtterance } from './captioner.js';
import { wordsQuestionConfidence, wordsQuestionTone } from './question-words.js';
import { WORDS_QUESTION_BY_SNR } from './words-question-snr-table.js';
import type { RecognisedWord } from './transcriber.js';

const word = (text: string, startS: number, endS = startS + 0.3, confidence = 0.8): RecognisedWord => ({ word: text, startS, endS, confidence });

describe('segmentWords', () => {
  it('cuts at a pause of 0.6 s or more, not at a shorter one', () => {
    const words = [word('fine', 0, 0.3), word('go', 0.8, 1.1), word('on', 1.7, 2)];
    expect(segmentWords(words, 0.6, 8).map((u) => u.map((w) => w.word))).toEqual([['fine', 'go'], ['on']]);
  });

  it('splits an utterance longer than 8 s at the word boundary before the limit', () => {
    const words = Array.from({ length: 20 }, (_, i) => word(`w${i}`, i * 0.5, i * 0.5 + 0.45));
    const utterances = segmentWords(words, 0.6, 8);
    expect(utterances.map((u) => u.length)).toEqual([16, 4]);
    for (const u of utterances) expect(u[u.length - 1]!.endS - u[0]!.startS).toBeLessThanOrEqual(8);
  });
});

describe('speakerOfUtterance', () => {
  it('is the voice whose windows overlap the utterance longest, speaker_a when none does', () => {
    const tones = [toneEvent({ timestamp: 0, speaker_id: 'speaker_a' }), toneEvent({ timestamp: 1, speaker_id: 'speaker_b' }), toneEvent({ timestamp: 2, speaker_id: 'speaker_b' })];
    expect(speakerOfUtterance(tones, 0.5, 2.5, 1)).toBe('speaker_b');
    expect(speakerOfUtterance(tones, 0, 0.9, 1)).toBe('speaker_a');
    expect(speakerOfUtterance([], 0, 3, 1)).toBe('speaker_a');
  });
});

describe('toneOfUtterance', () => {
  it('picks the label with the most overlap × confidence, with its best confidence and subtext', () => {
    const tones = [
      toneEvent({ label: 'Calm', confidence: 0.9, timestamp: 0, subtext: 'calm' }),
      toneEvent({ label: 'Tense', confidence: 0.6, timestamp: 1, subtext: 'tense a' }),
      toneEvent({ label: 'Tense', confidence: 0.7, timestamp: 2, subtext: 'tense b' }),
      toneEvent({ label: 'Rushed', confidence: 1, timestamp: 9 }),
    ];
    // Calm overlaps 0.5 s × 0.9 = 0.45; Tense 1 s × 0.6 + 0.5 s × 0.7 = 0.95; Rushed not at all.
    expect(toneOfUtterance(tones, 0.5, 2.5, 1)).toEqual({ label: 'Tense', confidence: 0.7, subtext: 'tense b' });
  });

  it('is undefined when no tone window overlaps (none passed MIN_CONFIDENCE there)', () => {
    expect(toneOfUtterance([toneEvent({ timestamp: 5 })], 0, 4.9, 0.1)).toBeUndefined();
    expect(toneOfUtterance([], 0, 3, 1)).toBeUndefined();
  });
});

describe('Captioner', () => {
  /** A quiet room unless told: speech 60 dB over the noise, as the clean corpus measures. */
  function captioner(elcor = false, snrDb = 60) {
    const published: TranscriptEvent[] = [];
    const instance = new Captioner({ sessionId: SESSION_ID, elcor, windowS: 1, publish: (event) => published.push(event), snrDb: () => snrDb });
    return { instance, published };
  }

  it('re-examines held words per frame only once the clock can release them, and still releases them on time', () => {
    const { instance, published } = captioner();
    const release = vi.spyOn(instance as unknown as { release(): void }, 'release');
    instance.addWords([word('fine', 0.2, 0.5), word('thanks', 0.6, 1.0)]);
    expect(release).toHaveBeenCalledTimes(1);
    // 100 ms frames: nothing can change before 1.6 s (a pause past "thanks"), and then nothing
    // before the tone is given up at 1.0 + 1 + 1.5 = 3.5 s, since the engine answers for no window.
    for (let frame = 1; frame <= 34; frame++) instance.advance(frame / 10);
    expect(published).toEqual([]);
    // Once when the pause closed the utterance (1.6 s), then it waits for the tone.
    expect(release).toHaveBeenCalledTimes(2);
    instance.advance(3.5);
    expect(published.map((e) => e.plain_text)).toEqual(['fine thanks']);
    expect(release).toHaveBeenCalledTimes(3);
    for (let frame = 36; frame <= 60; frame++) instance.advance(frame / 10);
    expect(release).toHaveBeenCalledTimes(3);
  });

  it('publishes an utterance once the audio is a pause past it and its tone windows are analysed', () => {
    const { instance, published } = captioner();
    instance.addWords([word('fine', 0.2, 0.5, 0.9), word('go', 0.6, 0.8, 0.5), word('on', 0.9, 1.2, 1)]);
    instance.advance(1.5);
    expect(published).toEqual([]);
    instance.advance(1.9);
    expect(published).toEqual([]);
    instance.addTone(toneEvent({ label: 'Tense', confidence: 0.8, timestamp: 0, subtext: 'tight' }));
    instance.analysed(2);
    expect(published).toEqual([
      {
        event_type: 'transcript',
        session_id: SESSION_ID,
        text: 'fine go on',
        plain_text: 'fine go on',
        speaker_id: 'speaker_a',
        timestamp: 0.2,
        start: 0.2,
        end: 1.2,
        confidence: (0.9 + 0.5 + 1) / 3,
        tone: { label: 'Tense', confidence: 0.8, subtext: 'tight' },
      },
    ]);
  });

  it("gives a caption the speaker whose voice said most of it, and that voice's tone only", () => {
    const { instance, published } = captioner();
    // The far voice (speaker_b) spoke from 0 to 2.1 s; the near voice's window at 2 s only grazes the caption.
    instance.addTone(toneEvent({ label: 'Hesitant', confidence: 0.7, timestamp: 0, speaker_id: 'speaker_b' }));
    instance.addTone(toneEvent({ label: 'Hesitant', confidence: 0.7, timestamp: 1, speaker_id: 'speaker_b' }));
    instance.addTone(toneEvent({ label: 'Tense', confidence: 0.95, timestamp: 2, speaker_id: 'speaker_a' }));
    instance.addWords([word('well', 0.2, 0.6), word('I', 0.9, 1.1), word('suppose', 1.2, 2.1)]);
    instance.analysed(3);
    instance.advance(3);
    expect(published.map((e) => [e.plain_text, e.speaker_id, e.tone?.label])).toEqual([['well I suppose', 'speaker_b', 'Hesitant']]);
  });

  it('names the speaker of a caption from windows withheld under MIN_CONFIDENCE (a voice still settling has no label)', () => {
    const { instance, published } = captioner();
    instance.addTone(toneEvent({ label: 'Calm', confidence: 0.7, timestamp: 0, speaker_id: 'speaker_a' }));
    // The second voice's first windows: no label yet, only its voice.
    instance.addVoice({ speaker_id: 'speaker_b', timestamp: 1 });
    instance.addVoice({ speaker_id: 'speaker_b', timestamp: 2 });
    instance.addWords([word('hello', 1.2, 1.6), word('there', 1.7, 2.4)]);
    instance.analysed(3);
    instance.advance(3.2);
    expect(published.map((e) => [e.plain_text, e.speaker_id, e.tone])).toEqual([['hello there', 'speaker_b', undefined]]);
  });

  describe('while the line carries no voice (ringing, busy, hold music)', () => {
    function onHold() {
      const published: TranscriptEvent[] = [];
      const dropped: number[] = [];
      const instance = new Captioner({
        sessionId: SESSION_ID, elcor: false, windowS: 1, publish: (event) => published.push(event), snrDb: () => 60, nonVoiceDropped: (n) => dropped.push(n),
      });
      return { instance, published, dropped };
    }

    it('does not caption what the recogniser makes of hold music, and counts the words', () => {
      const { instance, published, dropped } = onHold();
      instance.addCallState('hold_music', 3);
      instance.addWords([word('in', 5, 5.3), word('in', 5.4, 5.7), word('the', 5.8, 6)]);
      instance.analysed(8);
      instance.advance(8);
      expect([published, dropped]).toEqual([[], [3]]);
    });

    it.each(['ringback', 'busy'])('does not caption words heard over a %s tone', (state) => {
      const { instance, published } = onHold();
      instance.addCallState(state, 0);
      instance.addWords([word('hm', 2, 2.4)]);
      instance.analysed(4);
      instance.advance(4);
      expect(published).toEqual([]);
    });

    it('keeps the words said before the music and the first word of the voice that answers after it', () => {
      const { instance, published } = onHold();
      instance.addWords([word('please', 0.2, 0.6), word('hold', 0.7, 1)]);
      instance.addCallState('hold_music', 4.5);
      // "hello" begins 0.4 s before the detector declared the voice (it needs half of 0.5 s of it).
      instance.addCallState('speech', 12.4);
      instance.addWords([word('hm', 6, 6.3), word('hello', 12, 12.4), word('there', 12.5, 12.8)]);
      instance.analysed(14);
      instance.advance(14);
      expect(published.map((e) => [e.plain_text, e.start, e.end])).toEqual([['please hold', 0.2, 1], ['hello there', 12, 12.8]]);
    });

    it('waits for a voice to be declared before judging a word said over the music', () => {
      const { instance, published } = onHold();
      instance.addCallState('hold_music', 3);
      instance.addWords([word('hello', 10, 10.4)]);
      // The engine has analysed the word's audio, but the state it would declare comes with the next window.
      instance.analysed(10.5);
      instance.advance(11.1);
      expect(published).toEqual([]);
      instance.addCallState('speech', 10.3);
      instance.analysed(11.5);
      expect(published.map((e) => e.plain_text)).toEqual(['hello']);
    });

    it('takes keypad digits for no change of state', () => {
      const { instance, published } = onHold();
      instance.addCallState('dtmf_tone', 1);
      instance.addWords([word('yes', 2, 2.3)]);
      instance.analysed(3);
      instance.advance(3);
      expect(published.map((e) => e.plain_text)).toEqual(['yes']);
    });
  });

  it('prefixes the bracketed tone label on Elcor sessions, and leaves plain_text as the words', () => {
    const { instance, published } = captioner(true);
    instance.addTone(toneEvent({ label: 'Tense', timestamp: 0 }));
    instance.analysed(1);
    instance.addWords([word('fine', 0.1, 0.4)]);
    instance.advance(1.1);
    expect(published.map((e) => [e.text, e.plain_text])).toEqual([['[Tense] fine', 'fine']]);
  });

  it('has no prefix and no tone when no tone window overlaps, even on Elcor sessions', () => {
    const { instance, published } = captioner(true);
    instance.analysed(2);
    instance.addWords([word('fine', 0.1, 0.4)]);
    instance.advance(1.1);
    expect(published).toHaveLength(1);
    expect(published[0]).not.toHaveProperty('tone');
    expect(published[0]!.text).toBe('fine');
  });

  it('closes an utterance when the engine hears no speaker, before the pause has passed', () => {
    const { instance, published } = captioner();
    instance.analysed(1);
    instance.addWords([word('yes', 0.2, 0.5)]);
    instance.advance(0.6);
    expect(published).toEqual([]);
    instance.markSpeech(0.6, false);
    expect(published.map((e) => e.plain_text)).toEqual(['yes']);
  });

  it('holds a finished utterance until its tone is known, then publishes in order', () => {
    const { instance, published } = captioner();
    instance.addWords([word('one', 0.1, 0.4), word('two', 1.5, 1.8)]);
    instance.advance(2.5);
    instance.analysed(1);
    expect(published.map((e) => e.plain_text)).toEqual(['one']);
    instance.analysed(2);
    expect(published.map((e) => e.plain_text)).toEqual(['one', 'two']);
  });

  it('stops waiting for a tone window the engine never answers', () => {
    const { instance, published } = captioner();
    instance.addWords([word('one', 0.1, 0.4)]);
    instance.advance(2.8);
    expect(published).toEqual([]);
    instance.advance(3);
    expect(published.map((e) => e.plain_text)).toEqual(['one']);
  });

  it('publishes what the recogniser finishes after the audio stopped', () => {
    const { instance, published } = captioner();
    instance.advance(0.5);
    instance.flush();
    instance.addWords([word('bye', 0.1, 0.45)]);
    expect(published.map((e) => e.plain_text)).toEqual(['bye']);
  });

  describe('Questioning from the words', () => {
    /** One utterance of `texts` words, 0.3 s each from 0.1 s, published over a 1 s window of `tone` (if any). */
    function captionOf(texts: string[], tone: Parameters<typeof toneEvent>[0] | undefined, elcor = false, snrDb = 60) {
      const { instance, published } = captioner(elcor, snrDb);
      if (tone) instance.addTone(toneEvent({ timestamp: 0, ...tone }));
      instance.addWords(texts.map((text, i) => word(text, 0.1 + 0.3 * i, 0.35 + 0.3 * i)));
      instance.analysed(2);
      instance.advance(2);
      expect(published).toHaveLength(1);
      return published[0]!;
    }

    it('gives an utterance whose words ask the Questioning tone in place of the acoustic one, with the Elcor prefix', () => {
      const caption = captionOf(['is', 'the', 'office', 'open'], { label: 'Matter-of-fact', confidence: 0.9, subtext: 'flat' }, true);
      expect(caption.tone).toEqual({
        label: 'Questioning',
        confidence: wordsQuestionConfidence(60),
        subtext: 'worded as a question; they may expect an answer',
        source: 'words',
      });
      expect(caption.text).toBe('[Questioning] is the office open');
      expect(caption.plain_text).toBe('is the office open');
      // The shared contract accepts it as the client will parse it.
      expect(TranscriptEventSchema.parse(caption)).toEqual(caption);
    });

    it('never presents the words rule as certain, and quotes it at its measured precision in quiet and in noise', () => {
      for (const snrDb of [0, 10, 20, 30, 60, 90]) {
        expect(wordsQuestionConfidence(snrDb)).toBeGreaterThan(0.5);
        expect(wordsQuestionConfidence(snrDb)).toBeLessThan(1);
      }
      // The map's ends are the noisiest and the quietest conditions measured on the tuning sentences.
      expect(wordsQuestionConfidence(0)).toBe(WORDS_QUESTION_BY_SNR.precision[0]);
      expect(wordsQuestionConfidence(90)).toBe(WORDS_QUESTION_BY_SNR.precision.at(-1));
    });

    it('quotes a question heard in noise less surely than the same words heard in a quiet room', () => {
      const quiet = captionOf(['can', 'you', 'hear', 'me'], undefined, false, 60).tone!;
      const noisy = captionOf(['can', 'you', 'hear', 'me'], undefined, false, 15).tone!;
      expect(quiet).toEqual(wordsQuestionTone(60));
      expect(noisy).toEqual(wordsQuestionTone(15));
      // At 10 dB SNR pocketsphinx mishears enough that the rule is right far less often (docs/tone.md).
      expect(quiet.confidence - noisy.confidence).toBeGreaterThan(0.15);
    });

    it('reads the room when the utterance is published, not when the recogniser started it', () => {
      let snrDb = 60;
      const published: TranscriptEvent[] = [];
      const instance = new Captioner({ sessionId: SESSION_ID, elcor: false, windowS: 1, publish: (event) => published.push(event), snrDb: () => snrDb });
      instance.addWords([word('is', 0.1, 0.3), word('it', 0.4, 0.6), word('ready', 0.7, 1)]);
      snrDb = 15;
      instance.analysed(2);
      instance.advance(2);
      expect(published.map((event) => event.tone?.confidence)).toEqual([wordsQuestionConfidence(15)]);
    });

    it('gives a question the Questioning tone when no tone window overlaps it', () => {
      expect(captionOf(['can', 'you', 'hear', 'me'], undefined).tone).toEqual(wordsQuestionTone(60));
    });

    it('keeps the acoustic tone of a statement', () => {
      const caption = captionOf(['the', 'office', 'is', 'open'], { label: 'Matter-of-fact', confidence: 0.9, subtext: 'flat' }, true);
      expect(caption.tone).toEqual({ label: 'Matter-of-fact', confidence: 0.9, subtext: 'flat' });
      expect(caption.text).toBe('[Matter-of-fact] the office is open');
    });

    it("keeps the engine's own Questioning (its confidence and subtext) on a question that rose", () => {
      const caption = captionOf(['is', 'it', 'ready'], { label: 'Questioning', confidence: 0.62, subtext: 'rising at the end' });
      expect(caption.tone).toEqual({ label: 'Questioning', confidence: 0.62, subtext: 'rising at the end' });
    });
  });
});
