// The contract is written against zod/mini (functional checks: `z.optional(x)`, `.check(z.minimum(0))`): it parses
// exactly like classic zod, but the web bundle keeps only the validators it uses and no JSON-schema or locale code.
// zod/mini loads no locale, so a caller that shows zod's own messages loads one (the API: `z.config(z.locales.en())`).
export * from './errors.js';
export * from './events.js';
export * from './session.js';
export * from './audio.js';
export * from './sidecar.js';
export * from './kept.js';
export * from './corrections.js';
export * from './device.js';
export * from './confidence.js';
export * from './learning.js';
export * from './tone-reliability.js';
