import type { FamilyCondition, SentenceSet } from '../corpus/family-manifest.js';
import type { FileScores } from './family-scoring.js';

/** The bounds `pnpm eval` gates the held-out family figures on (GATES in tone-families.ts). */
export interface FamilyGates {
  macroF1: number;
  noisyMacroF1: number;
  freshMacroF1: number;
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
  for (const { family, set, condition, scores } of rotationRows) {
    const gate = set === 'heldout' && condition === 'snr10' ? gates.noisyMacroF1 : set === 'fresh' && condition === 'clean' ? gates.freshMacroF1 : undefined;
    if (gate === undefined) continue;
    const name = `${family} ${set === 'heldout' ? 'held-out 10 dB' : 'fresh'}`;
    if (!scores.files) failures.push(`${name}: no files scored`);
    else if (!(scores.macroF1 >= gate)) failures.push(`${name} macro-F1 ${f3(scores.macroF1)} < ${gate}`);
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
