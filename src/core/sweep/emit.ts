/**
 * The files `cogrnn sweep --emit DIR` writes for a scheduler to run, beside DIR/specs/<id>.json: a Slurm job array
 * (one array task per run, indexing run-ids.txt by $SLURM_ARRAY_TASK_ID) and one GNU parallel command line. Both
 * run from inside DIR and run each spec exactly as `cogrnn sweep --jobs` does here, saving train's summary
 * (stdout) as runs/<id>.json and its log (stderr) as runs/<id>.log, so `--collect DIR` builds the same table.
 * `cogrnn` is `npx cogrnn` (found from inside this checkout) unless $COGRNN names another command.
 */

export const RUN_IDS_FILE = 'run-ids.txt';

export interface TrainFlags {
  backend?: string;
  iters?: number;
}

/** The flags every run's `cogrnn train` gets after its spec. */
export function trainArgs(id: string, flags: TrainFlags): string[] {
  return [
    `specs/${id}.json`,
    '--out',
    `runs/${id}.npz`,
    '--json',
    ...(flags.backend ? ['--backend', flags.backend] : []),
    ...(flags.iters !== undefined ? ['--iters', String(flags.iters)] : []),
  ];
}

/** The shell command of one run, `id` being a shell word such as "$ID" or parallel's {}. */
function trainCommand(id: string, flags: TrainFlags): string {
  const args = trainArgs(id, flags).map((a) => (a.includes(id) ? `"${a}"` : a));
  return `$COGRNN train ${args.join(' ')} > "runs/${id}.json" 2> "runs/${id}.log"`;
}

/** A job name Slurm and a shell both take: letters, digits, dash, underscore. */
const jobName = (name: string) => `cogrnn-${name.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'sweep'}`;

export function slurmScript(name: string, runCount: number, flags: TrainFlags): string {
  return `#!/bin/bash
# CogRNN sweep "${name.replace(/[\r\n"]/g, ' ')}": ${runCount} runs, one array task each. Submit from inside this folder:
#   sbatch slurm.sbatch        then, when they are done:   npx cogrnn sweep <sweep.json> --collect .
# Add your cluster's own lines (--partition, --account, --time, --mem) below the others.
#SBATCH --job-name=${jobName(name)}
#SBATCH --array=0-${runCount - 1}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=runs/slurm-%A_%a.out
set -euo pipefail
cd "\${SLURM_SUBMIT_DIR:-.}"
COGRNN="\${COGRNN:-npx cogrnn}"
# array task k runs line k+1 of ${RUN_IDS_FILE}
ID=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${RUN_IDS_FILE})
if [ -z "$ID" ]; then echo "no run for array task $SLURM_ARRAY_TASK_ID in ${RUN_IDS_FILE}" >&2; exit 1; fi
${trainCommand('$ID', flags)}
`;
}

/** One GNU parallel command line running every run, `jobs` at a time (a number, or "100%": one per core), from inside DIR. */
export function parallelLine(jobs: number | string, flags: TrainFlags): string {
  const command = trainCommand('{}', flags).replace(/\$COGRNN/, '${COGRNN:-npx cogrnn}');
  return `parallel --jobs ${jobs} --halt never '${command}' :::: ${RUN_IDS_FILE}\n`;
}
