/**
 * Interop tests against real numpy: run a short python3 script and read back its stdout. Tests that use it
 * skip (`it.skipIf(!HAS_NUMPY)`) with NUMPY_SKIP_REASON in their name when python3 or numpy is not installed.
 */
import { spawnSync } from 'node:child_process';

function hasNumpy(): boolean {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return probe.status === 0;
}

export const HAS_NUMPY = hasNumpy();
export const NUMPY_SKIP_REASON = '(skipped: python3 with numpy is not installed)';

/** Runs `script` with `python3 -c`, passing `args` as sys.argv[1:]; returns stdout, throws with stderr on failure. */
export function runPython(script: string, ...args: string[]): string {
  const result = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 failed (${result.status}): ${result.stderr || result.error}`);
  return result.stdout;
}
