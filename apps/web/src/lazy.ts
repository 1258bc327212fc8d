// Everything the first screen does not need, in one lazily loaded chunk: the live-session code, the flows' bookkeeping, and the screens and
// notices of the flows (summary, labels screen, the in-place questions, the connection notice). One chunk rather than
// several, because a second dynamic chunk makes the bundler move the modules they share with the first screen into a
// common chunk of its own, which costs the first load more than it saves.
export { useLinnetSession } from './composables/useLinnetSession';
export { useConnectionFlow } from './composables/useConnectionFlow';
export { useConversationRecord } from './composables/useConversationRecord';
export { default as ConfirmStrip } from './components/ConfirmStrip.vue';
export { default as ConnectionNotice } from './components/ConnectionNotice.vue';
export { default as ConversationSummary } from './components/ConversationSummary.vue';
export { default as LabelsGuide } from './components/LabelsGuide.vue';
