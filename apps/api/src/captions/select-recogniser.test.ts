import { describe, expect, it } from 'vitest';
import { selectRecogniser } from './select-recogniser.js';

const installed = () => null;
const missing = () => 'pocketsphinx_continuous is not installed (Debian: pocketsphinx)';

describe('selectRecogniser', () => {
  it('runs pocketsphinx for auto when it is installed, and nothing when it is not', () => {
    expect(selectRecogniser({ transcriber: 'auto' }, undefined, installed)?.name).toBe('pocketsphinx');
    expect(selectRecogniser({ transcriber: 'auto' }, undefined, missing)).toBeNull();
  });

  it('is off for TRANSCRIBER=off', () => {
    expect(selectRecogniser({ transcriber: 'off' }, undefined, installed)).toBeNull();
  });

  it('stops start-up, naming the variable, for an explicit choice that cannot work', () => {
    expect(() => selectRecogniser({ transcriber: 'pocketsphinx' }, undefined, missing)).toThrow(/^TRANSCRIBER=pocketsphinx: pocketsphinx_continuous is not installed/);
    expect(() => selectRecogniser({ transcriber: 'whisper' }, undefined, installed)).toThrow(/^TRANSCRIBER=whisper: WHISPER_URL is required$/);
  });
});
