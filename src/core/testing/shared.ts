/**
 * Tests that read the workplace's `../shared` folder (PsychRNN's reference fixture) skip with a clear
 * reason when it is absent, so a fresh clone still passes `npm test`.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of a file under ../shared, or null when it is not there. */
export function sharedFile(relative: string): string | null {
  const path = resolve(projectRoot, '..', 'shared', relative);
  return existsSync(path) ? path : null;
}

export const FIXTURE_WEIGHTS = sharedFile('fixtures/psychrnn_saved_weights.npz');
export const FIXTURE_SKIP_REASON =
  'skipped: ../shared/fixtures/psychrnn_saved_weights.npz (PsychRNN-trained fixture) is not beside this checkout';

export { projectRoot };
