import { describe, expect, it } from 'vitest';
import { featureSetsArg, heldoutNames, listArg, writeModelName } from './tone-fit-args.js';

const running = ['hinge-l2=0.001-s0.5-qdrop', 'linear-l2=0.1-s1-qcalm'];

describe('listArg', () => {
  it('splits the list after the flag, and gives none without the flag', () => {
    expect(listArg(['--only', 'a,b', '--gates'], '--only')).toEqual(['a', 'b']);
    expect(listArg(['--gates'], '--only')).toEqual([]);
  });

  it('refuses a flag with no list after it', () => {
    expect(() => listArg(['--only'], '--only')).toThrow('--only needs a comma-separated list');
    expect(() => listArg(['--heldout', '--gates'], '--heldout')).toThrow('--heldout needs a comma-separated list');
  });
});

describe('featureSetsArg', () => {
  const known = ['linear', 'hinge'] as const;

  it('takes the named input sets, else --linear alone, else every known one', () => {
    expect(featureSetsArg(['--features', 'hinge'], known, 'linear')).toEqual(['hinge']);
    expect(featureSetsArg(['--linear'], known, 'linear')).toEqual(['linear']);
    expect(featureSetsArg(['--gates'], known, 'linear')).toEqual(['linear', 'hinge']);
  });

  it('refuses an unknown input set, and --features with --linear', () => {
    expect(() => featureSetsArg(['--features', 'hinge,spectral'], known, 'linear')).toThrow('--features: unknown input set spectral (known: linear, hinge)');
    expect(() => featureSetsArg(['--features', 'hinge', '--linear'], known, 'linear')).toThrow('--features with --linear: name the input sets in --features alone');
  });
});

describe('heldoutNames', () => {
  it('takes pick with --gates, and named candidates of this run', () => {
    expect(heldoutNames(['--gates', '--heldout', 'pick'], running)).toEqual(new Set(['pick']));
    expect(heldoutNames(['--heldout', 'hinge-l2=0.001-s0.5-qdrop'], running)).toEqual(new Set(['hinge-l2=0.001-s0.5-qdrop']));
  });

  it('refuses pick without --gates, where no candidate is picked and nothing would be scored', () => {
    expect(() => heldoutNames(['--only', running[0]!, '--heldout', 'pick'], running)).toThrow(
      '--heldout pick needs --gates: the selection rule (and so the pick) is applied only with --gates',
    );
  });

  it('refuses a name that is not a candidate of this run', () => {
    expect(() => heldoutNames(['--heldout', 'hinge-l2=0.01-s0.5-qdrop'], running)).toThrow(
      '--heldout: no candidate hinge-l2=0.01-s0.5-qdrop in this run (check --only, --features and --linear)',
    );
  });
});

describe('writeModelName', () => {
  it('names the candidate to write, or none', () => {
    expect(writeModelName(['--only', running[0]!, '--write-model', running[0]!])).toBe(running[0]);
    expect(writeModelName(['--gates'])).toBeUndefined();
  });

  it('refuses a model trained in a way pnpm eval does not refit', () => {
    expect(() => writeModelName(['--espeak-corpus', '--write-model', running[0]!])).toThrow(
      '--write-model with --espeak-corpus: pnpm eval could not refit that model (TONE_MODEL_TRAINING does not record it)',
    );
    expect(() => writeModelName(['--clean-train', '--espeak-corpus', '--write-model', running[0]!])).toThrow('--write-model with --clean-train and --espeak-corpus');
  });
});
