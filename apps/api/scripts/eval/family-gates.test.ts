import { describe, expect, it } from 'vitest';
import { gateFailures, type FamilyGates, type GatedFigures } from './family-gates.js';
import { scoreFiles, type FileScores } from './family-scoring.js';

const gates: FamilyGates = { macroF1: 0.6, noisyMacroF1: 0.56, freshMacroF1: 0.6, phoneMacroF1: 0.52, phoneConfidentWrong: 0.06, statementFalse: 0.15, ece: 0.15, confidentWrong: 0.14, pooledEce: 0.06, pooledConfidentWrong: 0.06 };
const nothing = scoreFiles([], (_, raw) => raw, 0.5);
const good: FileScores = {
  ...nothing,
  files: 68,
  macroF1: 0.7,
  statementPhrases: 172,
  statementFalse: 0.1,
  calibration: { ...nothing.calibration, n: 500, ece: 0.05, confidentWrong: 0.04 },
};
const figures = (scores: FileScores, pooled: FileScores = good): GatedFigures => ({
  heldOut: [{ family: 'flite', scores }],
  rotationRows: [
    { family: 'flite', set: 'heldout', condition: 'snr10', scores: good },
    { family: 'flite', set: 'heldout', condition: 'phone', scores: good },
    { family: 'flite', set: 'fresh', condition: 'clean', scores: good },
  ],
  pooled,
});

describe('gateFailures', () => {
  it('passes figures inside every gate, and names each one outside', () => {
    expect(gateFailures(gates, figures(good))).toEqual([]);
    expect(gateFailures(gates, figures({ ...good, macroF1: 0.55, statementFalse: 0.2 }))).toEqual([
      'flite held-out macro-F1 0.550 < 0.6',
      'flite held-out Questioning on 20.0 % of statements > 15.0 %',
    ]);
  });

  it('gates the held-out phone-line copies, and fails when they were never scored', () => {
    const phone = (scores: FileScores | undefined): GatedFigures => ({
      ...figures(good),
      rotationRows: figures(good).rotationRows.flatMap((r) => (r.condition !== 'phone' ? [r] : scores ? [{ ...r, scores }] : [])),
    });
    expect(gateFailures(gates, phone({ ...good, macroF1: 0.45 }))).toEqual(['flite held-out phone line macro-F1 0.450 < 0.52']);
    expect(gateFailures(gates, phone({ ...good, calibration: { ...good.calibration, confidentWrong: 0.2 } }))).toEqual([
      'flite held-out phone line confident-wrong 20.0 % > 6.0 %',
    ]);
    expect(gateFailures(gates, phone(undefined))).toEqual(['flite held-out phone line: no files scored']);
  });

  it('fails a set with no files, where every share is 0 and would pass', () => {
    expect(gateFailures(gates, figures(nothing, nothing))).toEqual([
      'flite held-out: no files scored',
      'pooled held-out: no label shown, so ECE and confident-wrong are unmeasured',
    ]);
  });

  it('fails a held-out set with no statements or no shown label, rather than reading their shares as 0', () => {
    expect(gateFailures(gates, figures({ ...good, statementPhrases: 0, statementFalse: 0, calibration: nothing.calibration }))).toEqual([
      'flite held-out: no statements, so Questioning on statements is unmeasured',
      'flite held-out: no label shown, so ECE and confident-wrong are unmeasured',
    ]);
  });

  it('fails a figure that is not a number (NaN < gate is false, so a "fail if below" test passed it)', () => {
    const nan = { ...good, macroF1: Number.NaN, calibration: { ...good.calibration, ece: Number.NaN } };
    expect(gateFailures(gates, figures(nan))).toEqual(['flite held-out macro-F1 NaN < 0.6', 'flite held-out ECE NaN > 0.15']);
  });
});
