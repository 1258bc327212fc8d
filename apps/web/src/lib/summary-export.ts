import type { ConversationSummary, TimelineEntry } from '../composables/useConversationRecord';
import { sessionTime, speakerName } from './labels';
import { SUMMARY_TEXT } from './text-screens';

/** How many timeline entries the summary screen lists before "Show earlier" (the export keeps them all). */
export const SUMMARY_TIMELINE_SHOWN = 12;

/** When a timeline entry happened, in session time: a run of one tone as its span ("00:41–00:43"), else its start. */
export function timelineTime(entry: TimelineEntry): string {
  const start = sessionTime(entry.at);
  const end = entry.until === undefined ? start : sessionTime(entry.until);
  return end === start ? start : `${start}–${end}`;
}

/**
 * Who said a caption or tone run, as a prefix ("Speaker B: "), when the conversation had more than one voice; else
 * nothing (with one voice a name is noise).
 */
export function voicePrefix(summary: Pick<ConversationSummary, 'captions' | 'timeline'>): (speakerId: string | undefined) => string {
  const voices = new Set([...summary.captions.map((caption) => caption.speakerId), ...summary.timeline.flatMap((entry) => entry.speakerId ?? [])]);
  const named = voices.size > 1;
  return (speakerId) => (named && speakerId ? `${speakerName(speakerId)}: ` : '');
}

/** The summary as a readable Markdown transcript: captions with their tone, then the tone and call timeline. */
export function summaryMarkdown(summary: ConversationSummary): string {
  const whose = voicePrefix(summary);
  const lines = [`# Linnet conversation`, '', `Started ${summary.startedAt}, ended ${summary.endedAt}.`, '', `## ${SUMMARY_TEXT.captions}`, ''];
  if (summary.captions.length === 0) lines.push(SUMMARY_TEXT.noCaptions);
  for (const caption of summary.captions) {
    const tone = caption.tone ? ` (${caption.tone.label})` : '';
    lines.push(`- ${sessionTime(caption.start)} ${whose(caption.speakerId)}${caption.text}${tone}`);
  }
  lines.push('', `## ${SUMMARY_TEXT.timeline}`, '');
  if (summary.timeline.length === 0) lines.push(SUMMARY_TEXT.noTimeline);
  for (const entry of summary.timeline) lines.push(`- ${timelineTime(entry)} ${entry.kind === 'call' ? 'Call: ' : whose(entry.speakerId)}${entry.text}`);
  return `${lines.join('\n')}\n`;
}

/** The summary as a file: Markdown, or the same data as JSON. */
export function summaryFile(summary: ConversationSummary, format: 'md' | 'json'): File {
  const stamp = summary.startedAt.slice(0, 16).replace(/[:T]/g, '-');
  if (format === 'json') {
    const { captions, timeline, startedAt, endedAt } = summary;
    return new File([JSON.stringify({ started_at: startedAt, ended_at: endedAt, captions, timeline }, null, 2)], `linnet-${stamp}.json`, {
      type: 'application/json',
    });
  }
  return new File([summaryMarkdown(summary)], `linnet-${stamp}.md`, { type: 'text/markdown' });
}
