/**
 * The command line of scripts/eval/tone-fit.ts, checked before any file is streamed: a flag that would
 * quietly do nothing (a held-out look at a candidate that is never scored) is refused instead.
 */

/** The comma-separated list after `name` (`--heldout a,b`), or none when the flag is absent. */
export function listArg(args: readonly string[], name: string): string[] {
  const at = args.indexOf(name);
  if (at < 0) return [];
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a comma-separated list`);
  return value.split(',');
}

/**
 * The model input sets whose candidates this run fits: `--features a,b` (each one of `known`), else `--linear`'s
 * one, else every known set. `--features` with `--linear` is refused: one of them would be ignored.
 */
export function featureSetsArg<F extends string>(args: readonly string[], known: readonly F[], linear: F): F[] {
  const named = listArg(args, '--features');
  if (!named.length) return args.includes('--linear') ? [linear] : [...known];
  if (args.includes('--linear')) throw new Error('--features with --linear: name the input sets in --features alone');
  return named.map((name) => {
    const set = known.find((candidate) => candidate === name);
    if (set === undefined) throw new Error(`--features: unknown input set ${name} (known: ${known.join(', ')})`);
    return set;
  });
}

/**
 * The candidates `--heldout` asks to score on held-out and fresh sentences. `pick` is the candidate the
 * selection rule picks, and only `--gates` applies that rule, so `pick` without it would score nothing;
 * a name that is not among the candidates of this run (`running`, after `--only`) would score nothing too.
 */
export function heldoutNames(args: readonly string[], running: readonly string[]): Set<string> {
  const names = new Set(listArg(args, '--heldout'));
  if (names.has('pick') && !args.includes('--gates')) {
    throw new Error('--heldout pick needs --gates: the selection rule (and so the pick) is applied only with --gates');
  }
  const unknown = [...names].filter((name) => name !== 'pick' && !running.includes(name));
  if (unknown.length) throw new Error(`--heldout: no candidate ${unknown.join(', ')} in this run (check --only, --features and --linear)`);
  return names;
}

/**
 * The candidate `--write-model` writes into the engine, or none. Refused with `--clean-train` or `--espeak-corpus`:
 * the table records only the inputs, L2, scale and what Questioning files teach (TONE_MODEL_TRAINING), and `pnpm eval`
 * refits that recipe without each family on the other families' clean and noisy tuning sentences, so a model trained
 * otherwise would ship under figures measured for another one (and its header would say clean and noisy).
 */
export function writeModelName(args: readonly string[]): string | undefined {
  const [name] = listArg(args, '--write-model');
  const unrecorded = ['--clean-train', '--espeak-corpus'].filter((flag) => args.includes(flag));
  if (name !== undefined && unrecorded.length) {
    throw new Error(`--write-model with ${unrecorded.join(' and ')}: pnpm eval could not refit that model (TONE_MODEL_TRAINING does not record it)`);
  }
  return name;
}
