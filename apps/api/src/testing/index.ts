/** Test clients for Linnet's real sockets, for API tests and the browser suite (`@linnet/api/testing`). */
export { openAudioClient, pcmFrame, sendPaced, streamPcm, type AudioTestClient } from './audio-client.js';
export { openSse, readJson, type SseTestClient } from './sse-client.js';
