import { confidenceWords, type ToneEvent, type TranscriptEvent } from '@linnet/shared';

/** What a transcript export is made from. */
export interface TranscriptSource {
  /** ISO 8601 wall-clock time the session started. */
  startedAt: string;
  /** Captions, oldest first. */
  captions: TranscriptEvent[];
  /** Tone events, oldest first: the Markdown export's timeline when there are no captions. */
  tones: ToneEvent[];
}

// A cue needs an end after its start (WebVTT §4.1, "cue timings"); a caption without one is shown
// for as long as a short sentence takes to read.
const DEFAULT_CUE_S = 2;
const MIN_CUE_S = 0.5;

/** `mm:ss` from the session's start, `h:mm:ss` from its first hour on. */
export function clockTime(seconds: number): string {
  const whole = Math.floor(Math.max(0, seconds));
  const h = Math.floor(whole / 3600);
  const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** WebVTT timestamp `hh:mm:ss.mmm` (hours always written, so cues past 99 minutes stay valid). */
export function vttTimestamp(seconds: number): string {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const h = String(Math.floor(ms / 3_600_000)).padStart(2, '0');
  const m = String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0');
  const s = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  return `${h}:${m}:${s}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The caption's words without a tone prefix, on one line. */
function captionWords(caption: TranscriptEvent): string {
  return (caption.plain_text ?? caption.text).replace(/\s+/g, ' ').trim();
}

function captionStart(caption: TranscriptEvent): number {
  return caption.start ?? caption.timestamp;
}

/** Text that Markdown shows as written: its punctuation with a meaning is backslash-escaped (CommonMark §2.4). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, '\\$&');
}

/**
 * Escape cue text per WebVTT §4.2.2 ("cue text"): `&` and `<` start markup and `>` is escaped for
 * symmetry; with `>` escaped, no `-->` can remain to end the cue's timing line early.
 */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function toneMarkdown(tone: { label: string; confidence: number }): string {
  return `${escapeMarkdown(tone.label)}, ${confidenceWords(tone.confidence)}`;
}

/**
 * A Markdown transcript: a title with the session's start, then one line per caption with its time
 * and tone; a session without captions gets its tone timeline instead.
 */
export function transcriptMarkdown({ startedAt, captions, tones }: TranscriptSource): string {
  const lines = [`# Linnet session, ${startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`, ''];
  if (captions.length > 0) {
    lines.push('Captions with the tone they were said in; times are from the start of the session.', '');
    for (const caption of captions) {
      const tone = caption.tone ? ` (${toneMarkdown(caption.tone)})` : '';
      lines.push(`- **${clockTime(captionStart(caption))}**${tone} ${escapeMarkdown(captionWords(caption))}`);
    }
  } else if (tones.length > 0) {
    lines.push('No captions in this session. Its tone, from the start of the session:', '');
    for (const tone of tones) {
      const subtext = tone.subtext ? `: ${escapeMarkdown(tone.subtext.replace(/\s+/g, ' ').trim())}` : '';
      lines.push(`- **${clockTime(tone.timestamp)}** ${toneMarkdown(tone)}${subtext}`);
    }
  } else {
    lines.push('No captions or tone were recorded in this session.');
  }
  return `${lines.join('\n')}\n`;
}

/** WebVTT captions, one cue per caption with its tone in brackets, e.g. `[Tense] Fine.` */
export function transcriptVtt({ captions }: Pick<TranscriptSource, 'captions'>): string {
  const cues = [...captions]
    .sort((a, b) => captionStart(a) - captionStart(b))
    .map((caption, i) => {
      const start = captionStart(caption);
      const given = caption.end ?? start + DEFAULT_CUE_S;
      const end = given > start ? given : start + MIN_CUE_S;
      const tone = caption.tone ? `[${caption.tone.label}] ` : '';
      return `${i + 1}\n${vttTimestamp(start)} --> ${vttTimestamp(end)}\n${escapeVtt(tone + captionWords(caption))}\n`;
    });
  return ['WEBVTT\n', ...cues].join('\n');
}
