/**
 * Files in and out (issue 12): after a short run, Download spec gives the page's spec (it parses back to it,
 * and `cogrnn train` trains it), Download metrics one CSV row per curve point, and every plot saves as PNG and SVG by
 * Plotly's exporter; our own .npz opens with its experiment and is simulated; a spec .json opens through Open file…
 * and through a drop on the page, a task .ts through Open file… into the editor.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseSpec } from '../src/core/spec/spec.ts';
import { download, downloadedSpec, dropFile, EXPORTED_PLOTS, importFile, TINY_SPEC, trainTiny } from './file-helpers.ts';
import { MEAN_SIGN, status } from './task-code.ts';

/** The x (trials) of the loss plot's first trace, as Plotly holds it. */
const plottedTrials = (page: import('@playwright/test').Page) =>
  page.getByTestId('loss-plot').locator('.js-plotly-plot').evaluate((el) => Array.from((el as unknown as { data: { x: number[] }[] }).data[0].x));

test('downloads the spec, the metrics and every plot as PNG and SVG; opens a spec by file and by drop, and a task file', async ({ page }) => {
  test.setTimeout(180_000);
  page.on('dialog', (dialog) => void dialog.accept()); // "the trained network has not been downloaded…": go on
  await page.goto('/');
  await expect(page.getByTestId('download-metrics')).toBeDisabled();
  await expect(page.getByTestId('plot-png-loss')).toBeDisabled();
  await trainTiny(page);

  // the spec: the file the page saves is the page's spec, and it opens again as it is
  const spec = await download(page, 'download-spec');
  expect(spec.name).toBe('files-e2e.json');
  expect(JSON.parse(spec.bytes.toString('utf8'))).toEqual(parseSpec(TINY_SPEC));
  // … and the command-line tool trains it as it is
  const specPath = test.info().outputPath(spec.name);
  writeFileSync(specPath, spec.bytes);
  const cli = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'train', specPath, '--out', test.info().outputPath('cli.npz'), '--json'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  expect(JSON.parse(cli.stdout.trim().split('\n').at(-1)!)).toMatchObject({ trials: 160, stopReason: 'completed' });

  // the metrics: a header and one row per point of the loss curve, at the same trials
  const metrics = await download(page, 'download-metrics');
  expect(metrics.name).toBe('files-e2e-metrics.csv');
  const [header, ...rows] = metrics.bytes.toString('utf8').trimEnd().split('\n');
  expect(header).toBe('trials,loss,accuracy,stage,stage_name');
  const trials = await plottedTrials(page);
  expect(rows.length).toBe(trials.length);
  expect(rows.map((row) => Number(row.split(',')[0]))).toEqual(trials);
  for (const row of rows) expect(row).toMatch(/^\d+,[\d.e-]+,[\d.e-]+,1,PerceptualDiscrimination$/);

  // every plot as PNG (its magic bytes) and SVG (an <svg> document)
  for (const [plot] of EXPORTED_PLOTS) {
    const png = await download(page, `plot-png-${plot}`);
    expect(png.name).toBe(`files-e2e-${plot}.png`);
    expect([...png.bytes.subarray(0, 8)], `${plot} PNG`).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = await download(page, `plot-svg-${plot}`);
    expect(svg.name).toBe(`files-e2e-${plot}.svg`);
    expect(svg.bytes.toString('utf8'), `${plot} SVG`).toContain('<svg');
  }

  // our own weights file opens with its experiment, and its network is simulated on it (no task to choose)
  const weights = await download(page, 'download-weights');
  await importFile(page, weights.name, weights.bytes);
  await expect(page.getByTestId('notice')).toHaveText(`Opened ${weights.name}: its network is simulated on PerceptualDiscrimination (not trained).`);
  await expect(page.getByTestId('test-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('imported-network')).toContainText(`Network from ${weights.name} (N_in 2, N_rec 6, N_out 2)`);
  await expect(page.getByTestId('task-choice')).toBeHidden();
  expect(await downloadedSpec(page)).toEqual(parseSpec(TINY_SPEC));

  // a spec through Open file…, then another by a drop: each replaces the experiment and clears the results
  const opened = { ...TINY_SPEC, name: 'opened by file', seed: 11, model: { N_rec: 9 } };
  await importFile(page, 'opened.json', JSON.stringify(opened), 'application/json');
  await expect(page.getByTestId('notice')).toHaveText('Opened opened.json.');
  await expect(page.getByTestId('test-summary')).toHaveCount(0);
  expect(await downloadedSpec(page)).toEqual(parseSpec(opened));
  const dropped = { ...TINY_SPEC, name: 'opened by drop', seed: 12, task: { name: 'DelayedDiscrimination' } };
  await dropFile(page, 'dropped.json', JSON.stringify(dropped));
  await expect(page.getByTestId('notice')).toHaveText('Opened dropped.json.');
  expect(await downloadedSpec(page)).toEqual(parseSpec(dropped));

  // a task file goes to the task editor, which compiles it as the experiment's task
  await importFile(page, 'mean-sign.ts', MEAN_SIGN, 'text/plain');
  await expect(page.getByTestId('task-editor').locator('.cm-content')).toContainText("name: 'MeanSign'");
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
  const withTask = (await downloadedSpec(page)) as { task: { name: string; file: string; source: string } };
  expect(withTask.task).toMatchObject({ name: 'custom', file: 'mean-sign.ts', source: MEAN_SIGN });
});
