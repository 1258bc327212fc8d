import type { FamilyCondition, SentenceSet } from '../corpus/family-manifest.js';
import type { FileScores } from './family-scoring.js';

/** The bounds `pnpm eval` gates the held-out family figures on (GATES in tone-families.ts). */
export interface FamilyGates {
  macroF1: number;
  noisyMacroF1: number;
  freshMacroF1: number;
  /** Held-out sentences through a narrowband phone line (the `phone` copies). */
  phoneMacroF1: number;
  /** Their share of shown labels said with confidence >= 0.75 and wrong (through the phone line's calibration map). */
  phoneConfidentWrong: number;
  statementFalse: number;
  ece: number;
  confidentWrong: number;
  pooledEce: number;
  pooledConfidentWrong: number;
}

/** The figures the gates read: each left-out family's held-out scores, the other rotation rows, and the pooled ones. */
export interface GatedFigures {
  heldOut: ReadonlyArray<{ family: string; scores: FileScores }>;
  rotationRows: ReadonlyArray<{ family: string; set: SentenceSet; condition: FamilyCondition; scores: FileScores }>;
  pooled: FileScores;
}

const f3 = (value: number) => value.toFixed(3);
const pc = (value: number) => `${(100 * value).toFixed(1)} %`;

/**
 * Every gate the figures miss. A gate passes only on a figure that was measured: a set with no files, no
 * statements or no shown labels fails instead of passing on a share of 0 (`x / max(1, n)`), and a NaN figure
 * fails too (each test is "passes", `x >= gate` or `x <= gate`, which NaN never is).
 */
export function gateFailures(gates: FamilyGates, { heldOut, rotationRows, pooled }: GatedFigures): string[] {
  const failures: string[] = [];
  for (const { family, scores } of heldOut) {
    if (!scores.files) {
      failures.push(`${family} held-out: no files scored`);
      continue;
    }
    if (!(scores.macroF1 >= gates.macroF1)) failures.push(`${family} held-out macro-F1 ${f3(scores.macroF1)} < ${gates.macroF1}`);
    if (!scores.statementPhrases) failures.push(`${family} held-out: no statements, so Questioning on statements is unmeasured`);
    else if (!(scores.statementFalse <= gates.statementFalse)) {
      failures.push(`${family} held-out Questioning on ${pc(scores.statementFalse)} of statements > ${pc(gates.statementFalse)}`);
    }
    if (!scores.calibration.n) failures.push(`${family} held-out: no label shown, so ECE and confident-wrong are unmeasured`);
    else {
      if (!(scores.calibration.ece <= gates.ece)) failures.push(`${family} held-out ECE ${f3(scores.calibration.ece)} > ${gates.ece}`);
      if (!(scores.calibration.confidentWrong <= gates.confidentWrong)) {
        failures.push(`${family} held-out confident-wrong ${pc(scores.calibration.confidentWrong)} > ${pc(gates.confidentWrong)}`);
      }
    }
  }
  const gated: ReadonlyArray<{ set: SentenceSet; condition: FamilyCondition; gate: number; name: string }> = [
    { set: 'heldout', condition: 'snr10', gate: gates.noisyMacroF1, name: 'held-out 10 dB' },
    { set: 'heldout', condition: 'phone', gate: gates.phoneMacroF1, name: 'held-out phone line' },
    { set: 'fresh', condition: 'clean', gate: gates.freshMacroF1, name: 'fresh' },
  ];
  for (const { family } of heldOut) {
    for (const { set, condition, gate, name } of gated) {
      const scores = rotationRows.find((r) => r.family === family && r.set === set && r.condition === condition)?.scores;
      // A row that was never scored fails, as an empty one does: a gate is passed only on a measured figure.
      if (!scores?.files) failures.push(`${family} ${name}: no files scored`);
      else if (!(scores.macroF1 >= gate)) failures.push(`${family} ${name} macro-F1 ${f3(scores.macroF1)} < ${gate}`);
      if (condition !== 'phone' || !scores?.files) continue;
      if (!scores.calibration.n) failures.push(`${family} ${name}: no label shown, so confident-wrong is unmeasured`);
      else if (!(scores.calibration.confidentWrong <= gates.phoneConfidentWrong)) {
        failures.push(`${family} ${name} confident-wrong ${pc(scores.calibration.confidentWrong)} > ${pc(gates.phoneConfidentWrong)}`);
      }
    }
  }
  if (!pooled.calibration.n) failures.push('pooled held-out: no label shown, so ECE and confident-wrong are unmeasured');
  else {
    if (!(pooled.calibration.ece <= gates.pooledEce)) failures.push(`pooled held-out ECE ${f3(pooled.calibration.ece)} > ${gates.pooledEce}`);
    if (!(pooled.calibration.confidentWrong <= gates.pooledConfidentWrong)) {
      failures.push(`pooled held-out confident-wrong ${pc(pooled.calibration.confidentWrong)} > ${pc(gates.pooledConfidentWrong)}`);
    }
  }
  return failures;
}
