/**
 * Wrong files (issue 12's bad-input table for files): each row opens a file built here through Open file… on a
 * page holding a trained run and task code in the editor, and the page must name the problem (role="alert") and
 * keep everything: the spec, the editor's text and the results (test summary, plots, the checkpoint).
 */
import { expect, type Page, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { type NpyArray, readNpz, writeNpz } from '../src/core/io/npz.ts';
import { saveExperimentNpz } from '../src/core/io/experiment-file.ts';
import { parseSpec } from '../src/core/spec/spec.ts';
import { tinyRawWeights } from '../src/core/testing/tiny.ts';
import { downloadedSpec, importFile, TINY_SPEC, trainTiny } from './file-helpers.ts';

/** One of our weights files for a 6-unit network, with `edit` applied to its entries. */
function weightsFile(edit: (entries: Map<string, NpyArray>) => void): Buffer {
  const entries = readNpz(saveExperimentNpz(tinyRawWeights({ N_rec: 6, seed: 9 }), parseSpec(TINY_SPEC)));
  edit(entries);
  return Buffer.from(writeNpz(entries));
}

const SPEC_LIMIT = 16_000_000;

interface Row {
  name: string;
  file: string;
  bytes: () => Buffer;
  says: RegExp;
}

const ROWS: Row[] = [
  { name: 'not a zip', file: 'weights.npz', bytes: () => Buffer.from('these are not weights'), says: /weights\.npz is not a zip archive \(an \.npz is one.*\); it starts with 74 68 65 73/ },
  {
    name: 'a zip that is not an npz',
    file: 'notes.npz',
    bytes: () => Buffer.from(zipSync({ 'readme.txt': new TextEncoder().encode('no arrays here') })),
    says: /notes\.npz is not a weights file CogRNN can open: weights file has no 'W_in' \(expected shape \[N_rec, N_in\]\); it has \(none\)/,
  },
  {
    name: 'wrong shapes',
    file: 'wrong-shape.npz',
    bytes: () => weightsFile((e) => e.set('b_rec', { dtype: '<f4', shape: [4], data: new Float32Array(4) })),
    says: /wrong-shape\.npz is not a weights file CogRNN can open: 'b_rec' has shape \[4\], expected \[N_rec\] = \[6\]/,
  },
  {
    name: 'a missing key',
    file: 'missing.npz',
    bytes: () => weightsFile((e) => e.delete('W_out')),
    says: /missing\.npz is not a weights file CogRNN can open: weights file has no 'W_out'/,
  },
  {
    name: 'NaN weights',
    file: 'nan.npz',
    bytes: () =>
      weightsFile((e) => {
        const W_rec = e.get('W_rec') as { data: Float32Array };
        W_rec.data[7] = NaN;
      }),
    says: /nan\.npz is not a weights file CogRNN can open: 'W_rec'.*NaN.*weights must be finite numbers/,
  },
  {
    name: 'a spec of a future version',
    file: 'future.json',
    bytes: () => Buffer.from(JSON.stringify({ ...TINY_SPEC, version: 4 })),
    says: /future\.json is not an experiment spec CogRNN can open: .*this file is spec version 4; this CogRNN reads versions 1, 2 and 3/,
  },
  {
    name: 'a spec that is not JSON',
    file: 'broken.json',
    bytes: () => Buffer.from('{"version": 2,\n  "task": }'),
    says: /broken\.json is not an experiment spec CogRNN can open: .*line 2/,
  },
  { name: 'a .png', file: 'loss.png', bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), says: /loss\.png is a PNG image; the page opens a weights \.npz/ },
  {
    name: 'an oversized spec',
    file: 'huge.json',
    bytes: () => Buffer.from(`{${' '.repeat(SPEC_LIMIT)}}`),
    says: /huge\.json is 16,000,002 bytes; an experiment spec may be at most 16 MB \(16,000,000 bytes\)/,
  },
];

interface Kept {
  spec: unknown;
  editor: string | null;
  summary: (string | null)[];
}

async function kept(page: Page): Promise<Kept> {
  const summary = page.getByTestId('test-summary');
  return {
    spec: await downloadedSpec(page),
    editor: await page.getByTestId('task-editor').locator('.cm-content').textContent(),
    summary: await Promise.all(['data-trials', 'data-loss', 'data-accuracy'].map((name) => summary.getAttribute(name))),
  };
}

test.describe.serial('wrong files are refused, naming the problem, and nothing open is lost', () => {
  let page: Page;
  let before: Kept;
  const dialogs: string[] = [];

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto('/');
    await trainTiny(page);
    await page.getByTestId('new-task').click();
    // the template's timing does not fit the tiny trials: the code is checked, its refusal is part of what is kept
    await expect(page.getByTestId('compile-status')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await expect(page.getByTestId('test-summary')).toBeVisible();
    before = await kept(page);
  });

  test.afterAll(async () => page.close());

  for (const row of ROWS) {
    test(row.name, async () => {
      await importFile(page, row.file, row.bytes());
      await expect(page.getByTestId('file-message')).toHaveText(row.says, { timeout: 15_000 });
      await expect(page.getByTestId('file-message')).toHaveAttribute('role', 'alert');
      expect(await kept(page)).toEqual(before);
      await expect(page.getByTestId('loss-plot').locator('.js-plotly-plot .main-svg').first()).toBeVisible();
      await expect(page.getByTestId('download-weights')).toBeEnabled();
      await expect(page.getByTestId('task-choice')).toBeHidden();
      expect(dialogs, 'no file here may ask to replace the experiment').toEqual([]);
      await page.getByTestId('file-message').getByRole('button', { name: 'Dismiss' }).click();
      await expect(page.getByTestId('file-message')).toHaveCount(0);
    });
  }
});
