/*
 * Everything the page loads after first paint, in one chunk: the live-session controller and the flows' bookkeeping,
 * the flows' screens and notices (summary, labels screen, the in-place questions, the connection notice), the History
 * screen, the correction control and the learning setting, the running screen's panels and controls (tone card, Recent strip, answer banner,
 * mic/sample/end row), what the live regions say, and the export. They share the contract's schemas (zod) and the API client; as separate dynamic
 * imports the bundler splits that shared code into a common chunk and, with it, moves part of Vue and the app's text
 * out of the first-load bundle into a second file that costs more than it saves. One chunk keeps the first load one file.
 */
/** Used through `loadLazyChunk()` (lib/lazy-chunk.ts), which knip cannot follow. @public */
export { useLinnetSession } from './composables/useLinnetSession';
/** @public */
export { useConnectionFlow } from './composables/useConnectionFlow';
/** @public */
export { useConversationRecord } from './composables/useConversationRecord';
/** @public */
export { default as ConfirmStrip } from './components/ConfirmStrip.vue';
/** @public */
export { default as ConnectionNotice } from './components/ConnectionNotice.vue';
/** @public */
export { default as ConversationSummary } from './components/ConversationSummary.vue';
/** @public */
export { default as LabelsGuide } from './components/LabelsGuide.vue';
/** @public */
export { default as HistoryScreen } from './components/HistoryScreen.vue';
/** @public */
export { default as CaptionLog } from './components/CaptionLog.vue';
/** @public */
export { default as CorrectionControl } from './components/CorrectionControl.vue';
/** @public */
export { default as LearningSetting } from './components/LearningSetting.vue';
/** @public */
export { useAnswerAlert } from './composables/useAnswerAlert';
/** @public */
export { useAnnouncer } from './composables/useAnnouncer';
/** @public */
export { default as NowPanel } from './components/NowPanel.vue';
/** @public */
export { default as HistoryStrip } from './components/HistoryStrip.vue';
/** @public */
export { default as AnswerBanner } from './components/AnswerBanner.vue';
/** @public */
export { default as RunningControls } from './components/RunningControls.vue';
/** @public */
export { default as LastSessionExport } from './components/LastSessionExport.vue';
/** @public */
export { useNow } from './composables/useNow';
