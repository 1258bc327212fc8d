/**
 * @linnet/engine — the pure-TypeScript DSP: prosody features and tone labels, speaker activity and
 * call-state detectors. No Node or DOM globals, so it runs in a worker thread or a browser Worker.
 */
export { DEFAULT_MIN_CONFIDENCE, type EngineEvent, type EngineOptions, type ToneEngine } from './engine.js';
export { createProsodyEngine, createProsodyEngine as createEngine } from './prosody/index.js';
export { analyseWav, type AnalyseWavOptions } from './analyse-wav.js';
export { affectFor, createToneAnnotator, type ToneAnnotator, type ToneObservation } from './annotator/annotator.js';
export { ShiftTrend, SHIFT_TREND, WINDOW_TREND, type ShiftTrendOptions } from './annotator/trend.js';
export {
  CADENCE_PLANS,
  createCallStateDetector,
  type CallStateDetector,
  type CallStateEvent,
  type CallStateOptions,
  type CallStateOutput,
} from './callstate/index.js';
export { createFloatConverter, HOST_IS_LITTLE_ENDIAN } from './pcm.js';
export { decodeWav, encodeWav, type PcmAudio } from './wav.js';
export { calibrateConfidence, calibrationTableFor, observedPrecision, type CalibrationKnots, type CalibrationTable } from './prosody/confidence-calibration.js';
export { createFrameAnalyser, type FrameTrack } from './prosody/frames.js';
export { createWindowSummariser, type WindowFeatures } from './prosody/window-features.js';
export type { LabelOffsets } from './prosody/label-offsets.js';
export { CALM_BELOW, decideTone, decideToneByRules, toneScorerFor, type Deviation, type ToneDecision, type ToneScorer } from './prosody/labels.js';
export { MODEL_LABELS, toneModelInputs, toneModelLogOdds, type ToneModel, type ToneModelFeatures, type ToneModelTraining } from './prosody/tone-model.js';
export { TONE_MODEL, TONE_MODEL_TRAINING } from './prosody/tone-model-table.js';
