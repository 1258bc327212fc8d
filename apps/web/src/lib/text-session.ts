// What the live-session code says: why an API request, the audio socket, the mic or the sample failed. Kept apart
// from text.ts because only the lazily loaded session chunk (src/lazy.ts) uses it, so it stays off the first load.

/** Why a session API request failed, in words a person can act on. */
export const API_TEXT = {
  offline: "Can't reach Linnet's server. Check your connection and try again.",
  busy: 'Linnet is busy right now. Please try again in a minute.',
  clientSessionLimit: 'This device already has as many sessions as Linnet allows. End one, or try again in a minute.',
  // The switch is turned off (and disabled) with this: the sentence says so rather than ask the user to do it.
  keepingUnavailable: 'This Linnet server cannot keep transcripts (its storage is not installed), so “Keep a transcript” is now off. Start again to begin without it.',
  serverProblem: 'Linnet’s server had a problem. Please try again.',
  refused: (reason: string) => `Linnet could not do that: ${reason}.`,
  unknown: 'Something went wrong. Please try again.',
} as const;

/** Why an audio socket closed or could not open. */
export const AUDIO_TEXT = {
  connectFailed: 'Could not connect the audio to Linnet. Please try again.',
  sessionGone: 'This session no longer exists, so audio stopped.',
  replaced: 'Another tab or device is now sending audio to this session, so audio stopped here. Start it again here to switch back.',
  rejected: 'Linnet rejected the audio it was sent. Please turn the mic off and on again.',
  dropped: 'The audio connection to Linnet dropped. Turn the mic on again to continue.',
  /** Shown while the audio socket reopens by itself (the server it went to went away). */
  reconnecting: 'Audio connection lost — reconnecting…',
  /** Shown briefly once it is open again; the conversation goes on. */
  reconnected: 'Reconnected',
} as const;

export const MIC_TEXT = {
  insecure: 'The microphone only works when Linnet is opened over https (or as localhost on this device). Use "Try a sample" for now.',
  unsupported: 'This browser cannot record audio here. You can still use "Try a sample".',
  denied: 'Microphone access was denied. Allow the microphone for this site in your browser settings, or use "Try a sample".',
  notFound: 'No microphone was found on this device.',
  busy: 'The microphone is busy in another app. Close it there and try again.',
  failed: 'The microphone could not be started.',
  startFailed: 'Could not start listening. Please try again.',
  ended: 'The microphone stopped (unplugged or permission withdrawn).',
} as const;

export const SAMPLE_TEXT = {
  loadFailed: 'The sample recording could not be loaded. Check the connection and press "Try a sample" again.',
  sendFailed: 'Could not send the sample.',
} as const;
