/**
 * The `cogrnn` command line: train, simulate, eval and check over src/core.
 * Every failure is one clear line on stderr and a non-zero exit (2 for usage errors).
 */
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { CHECK_USAGE, checkCommand } from './check.ts';
import { CliError } from './errors.ts';
import { EVAL_USAGE, evalCommand } from './eval.ts';
import { oneLine } from './files.ts';
import { SIMULATE_USAGE, simulateCommand } from './simulate.ts';
import { SWEEP_USAGE, sweepCommand } from './sweep.ts';
import { TRAIN_USAGE, trainCommand } from './train.ts';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  train: trainCommand,
  simulate: simulateCommand,
  eval: evalCommand,
  check: checkCommand,
  sweep: sweepCommand,
};

export const USAGE = ['usage:', `  ${TRAIN_USAGE}`, `  ${SIMULATE_USAGE}`, `  ${EVAL_USAGE}`, `  ${CHECK_USAGE}`, `  ${SWEEP_USAGE}`].join('\n');

// a spec's custom task is the person's own code, run on their machine like any script they run
installTaskCompiler(compileTask);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(`cogrnn: no command given; commands: ${Object.keys(COMMANDS).join(', ')} (cogrnn --help for usage)\n`);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`cogrnn: unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    const message = oneLine((error as Error | undefined)?.message ?? String(error));
    const text = message.startsWith(`${command}:`) ? message : `${command}: ${message}`;
    process.stderr.write(`cogrnn ${text}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
