import { describe, expect, it } from 'vitest';
import { AUDIO_FRAME_BYTES, AUDIO_MAX_FRAME_BYTES, AudioFrameSchema } from './audio.js';

const firstIssue = (frame: object) => AudioFrameSchema.safeParse(frame).error?.issues[0];

describe('AudioFrameSchema', () => {
  it('accepts a browser frame and the largest allowed one', () => {
    expect(AudioFrameSchema.safeParse({ binary: true, byteLength: AUDIO_FRAME_BYTES }).success).toBe(true);
    expect(AudioFrameSchema.safeParse({ binary: true, byteLength: AUDIO_MAX_FRAME_BYTES }).success).toBe(true);
  });

  it('names each refusal so the server can pick its close code', () => {
    expect(firstIssue({ binary: false, byteLength: 4 })).toMatchObject({ code: 'invalid_value', message: 'text frame; send binary Int16 PCM' });
    expect(firstIssue({ binary: true, byteLength: 0 })).toMatchObject({ code: 'too_small', message: 'empty frame' });
    expect(firstIssue({ binary: true, byteLength: 3 })).toMatchObject({ code: 'not_multiple_of' });
    expect(firstIssue({ binary: true, byteLength: AUDIO_MAX_FRAME_BYTES + 1 })).toMatchObject({ code: 'too_big' });
  });
});
