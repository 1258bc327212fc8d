/** What the session controls (ComposeBar, and RunningControls inside it while running) are told about the audio. */
export interface SessionControlsProps {
  /** The microphone is streaming. */
  micActive: boolean;
  /** The sample recording is streaming. */
  sampleActive: boolean;
  /** The browser will give this page a microphone (false on plain-http pages other than localhost). @default true */
  micAvailable?: boolean;
}
