export * from './errors.js';
export * from './events.js';
export * from './session.js';
export * from './audio.js';
export * from './sidecar.js';
