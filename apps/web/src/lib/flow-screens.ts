// The summary, the labels screen, the in-place questions and the connection notice in one lazily loaded chunk, kept
// out of the first load. App fetches it as soon as a session starts, so it is at hand if the server then goes away.
export { default as ConfirmStrip } from '../components/ConfirmStrip.vue';
export { default as ConnectionNotice } from '../components/ConnectionNotice.vue';
export { default as ConversationSummary } from '../components/ConversationSummary.vue';
export { default as LabelsGuide } from '../components/LabelsGuide.vue';
