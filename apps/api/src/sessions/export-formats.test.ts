import { toneEvent, transcriptEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { clockTime, transcriptMarkdown, transcriptVtt, vttTimestamp } from './export-formats.js';

const STARTED_AT = '2026-11-30T23:55:07.412Z';
const tense = { label: 'Tense', confidence: 0.82, subtext: 'Louder and faster than usual.' };

describe('transcriptMarkdown', () => {
  it('lists each caption with its time from the session start and its tone in words', () => {
    const captions = [
      transcriptEvent({ text: '[Tense] Fine.', plain_text: 'Fine.', start: 12.4, end: 13, timestamp: 12.4, tone: tense }),
      transcriptEvent({ text: 'see you then', timestamp: 75 }),
    ];
    expect(transcriptMarkdown({ startedAt: STARTED_AT, captions, tones: [toneEvent()] })).toBe(
      [
        '# Linnet session, 2026-11-30 23:55:07 UTC',
        '',
        'Captions with the tone they were said in; times are from the start of the session.',
        '',
        '- **00:12** (Tense, likely) Fine.',
        '- **01:15** see you then',
        '',
      ].join('\n'),
    );
  });

  it('escapes Markdown in what people said and keeps each caption on one line', () => {
    const captions = [transcriptEvent({ text: 'call *me* at <b>#5</b>\n[now]_ok', timestamp: 1 })];
    expect(transcriptMarkdown({ startedAt: STARTED_AT, captions, tones: [] }).split('\n')[4]).toBe(
      '- **00:01** call \\*me\\* at \\<b\\>\\#5\\</b\\> \\[now\\]\\_ok',
    );
  });

  it('writes times past an hour as h:mm:ss', () => {
    expect([clockTime(0), clockTime(59.9), clockTime(3599), clockTime(3600), clockTime(3 * 3600 + 62.5)]).toEqual([
      '00:00',
      '00:59',
      '59:59',
      '1:00:00',
      '3:01:02',
    ]);
  });

  it('gives the tone timeline when there are no captions', () => {
    const tones = [toneEvent({ timestamp: 4, label: 'Calm', confidence: 0.9, subtext: 'Steady.' }), toneEvent({ timestamp: 3700 })];
    expect(transcriptMarkdown({ startedAt: STARTED_AT, captions: [], tones })).toBe(
      [
        '# Linnet session, 2026-11-30 23:55:07 UTC',
        '',
        'No captions in this session. Its tone, from the start of the session:',
        '',
        '- **00:04** Calm, very likely: Steady.',
        '- **1:01:40** Tense, likely: Louder and faster than a minute ago — may be stressed or in a hurry.',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing was recorded', () => {
    expect(transcriptMarkdown({ startedAt: STARTED_AT, captions: [], tones: [] })).toBe(
      '# Linnet session, 2026-11-30 23:55:07 UTC\n\nNo captions or tone were recorded in this session.\n',
    );
  });
});

describe('transcriptVtt', () => {
  it('writes one cue per caption with its tone, in start order', () => {
    const captions = [
      transcriptEvent({ text: 'later', timestamp: 5, start: 5, end: 6.25 }),
      transcriptEvent({ text: '[Tense] Fine.', plain_text: 'Fine.', timestamp: 1, start: 1, end: 2.5, tone: tense }),
    ];
    expect(transcriptVtt({ captions })).toBe(
      ['WEBVTT', '', '1', '00:00:01.000 --> 00:00:02.500', '[Tense] Fine.', '', '2', '00:00:05.000 --> 00:00:06.250', 'later', ''].join('\n'),
    );
  });

  it('escapes &, < and > so no markup and no --> reaches the cue text', () => {
    const captions = [transcriptEvent({ text: 'A&B <i>x</i> --> y\n\nz', timestamp: 0, start: 0, end: 1 })];
    const cueText = transcriptVtt({ captions }).split('\n')[4];
    expect(cueText).toBe('A&amp;B &lt;i&gt;x&lt;/i&gt; --&gt; y z');
  });

  it('writes hours, and gives a caption without a later end a cue of its own', () => {
    expect([vttTimestamp(0), vttTimestamp(3723.4567), vttTimestamp(360_000)]).toEqual(['00:00:00.000', '01:02:03.457', '100:00:00.000']);
    const captions = [transcriptEvent({ timestamp: 3600 }), transcriptEvent({ timestamp: 3700, start: 3700, end: 3700 })];
    expect(transcriptVtt({ captions }).split('\n').filter((line) => line.includes('-->'))).toEqual([
      '01:00:00.000 --> 01:00:02.000',
      '01:01:40.000 --> 01:01:40.500',
    ]);
  });

  it('is a bare header when there are no captions', () => {
    expect(transcriptVtt({ captions: [] })).toBe('WEBVTT\n');
  });
});
