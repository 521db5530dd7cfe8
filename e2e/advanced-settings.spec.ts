/**
 * The Advanced sections of the Network and Training panels (issue 11): collapsed at first; each setting, typed or
 * chosen under PsychRNN's name, reaches the saved spec and survives a reload; a value the spec refuses shows the
 * spec's message, blocks Train with "Fix <label> first" and leaves the spec as it was; the LSTM's unused settings are
 * disabled, and choosing the LSTM puts them back and says so; and a tiny network trains on them (rmsprop, no
 * clipping, a firing-rate penalty) and stops at its performance_cutoff.
 */
import { expect, type Page, test } from '@playwright/test';
import { savedSpec } from './training.ts';

/** Waits until the saved spec holds `value` at the dotted `path`. */
async function expectSaved(page: Page, path: string, value: unknown): Promise<void> {
  const at = (spec: Record<string, any>) => path.split('.').reduce<any>((v, key) => v?.[key], spec);
  await expect.poll(async () => at(await savedSpec(page)), { message: `saved spec ${path}` }).toEqual(value);
}

async function open(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('input-channel').first()).toBeVisible();
}

/** Opens both Advanced sections (they start collapsed). */
async function openAdvanced(page: Page): Promise<void> {
  for (const id of ['advanced-network', 'advanced-training']) {
    const section = page.getByTestId(id);
    await expect(section).not.toHaveAttribute('open');
    await section.locator('summary').click();
    await expect(section).toHaveAttribute('open');
  }
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function fill(page: Page, label: string, text: string): Promise<void> {
  await field(page, label).fill(text);
  await expect(field(page, label)).not.toHaveAttribute('aria-invalid', 'true');
}

/** Types a value the spec refuses: its message shows, Train is blocked naming the field. */
async function expectRefused(page: Page, label: string, text: string, message: RegExp): Promise<void> {
  await field(page, label).fill(text);
  await expect(field(page, label)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toHaveText(new RegExp(`^Fix ${label} first: ${message.source}`));
}

test('the Advanced settings reach the saved spec and survive a reload', async ({ page }) => {
  await open(page);
  await openAdvanced(page);
  await fill(page, 'spec_rad', '1.3');
  await fill(page, 'Learning rate', '0.01');
  await page.getByLabel('optimizer', { exact: true }).selectOption('momentum');
  // the new optimizer's own parameters show their defaults; the learning rate stays
  await expect(field(page, 'momentum')).toHaveValue('0.9');
  await expect(field(page, 'beta1')).toHaveCount(0);
  await expect(field(page, 'Learning rate')).toHaveValue('0.01');
  await fill(page, 'momentum', '0.5');
  await field(page, 'use_nesterov').check();
  await fill(page, 'L2_firing_rate', '0.02');
  await fill(page, 'loss_epoch', '5');
  await field(page, 'Stop at an accuracy').check();
  await expect(field(page, 'performance_cutoff')).toHaveValue('0.9');
  await fill(page, 'performance_cutoff', '0.95');
  await fill(page, 'performance_cutoff', '0.9');
  await field(page, 'clip_grads').uncheck();
  await page.getByLabel('loss_function', { exact: true }).selectOption('binary_cross_entropy');

  const expected = {
    'model.initializer.type': 'GaussianSpectralRadius',
    'model.initializer.spec_rad': 1.3,
    'training.optimizer': { type: 'momentum', learning_rate: 0.01, momentum: 0.5, use_nesterov: true },
    'regularization.L2_firing_rate': 0.02,
    'training.loss_epoch': 5,
    'training.performance_measure': 'accuracy',
    'training.performance_cutoff': 0.9,
    'training.clip_grads': false,
    loss: 'binary_cross_entropy',
  };
  for (const [path, value] of Object.entries(expected)) await expectSaved(page, path, value);
  await expect(page.getByTestId('train-button')).toBeEnabled();

  await page.reload();
  await expect(page.getByTestId('input-channel').first()).toBeVisible();
  for (const [path, value] of Object.entries(expected)) await expectSaved(page, path, value);
  await openAdvanced(page);
  await expect(field(page, 'spec_rad')).toHaveValue('1.3');
  await expect(page.getByLabel('optimizer', { exact: true })).toHaveValue('momentum');
  await expect(field(page, 'momentum')).toHaveValue('0.5');
  await expect(field(page, 'use_nesterov')).toBeChecked();
  await expect(field(page, 'L2_firing_rate')).toHaveValue('0.02');
  await expect(field(page, 'loss_epoch')).toHaveValue('5');
  await expect(field(page, 'Stop at an accuracy')).toBeChecked();
  await expect(field(page, 'performance_cutoff')).toHaveValue('0.9');
  await expect(field(page, 'clip_grads')).not.toBeChecked();

  // unticked, both the measure and the cutoff leave the spec (PsychRNN takes both or neither)
  await field(page, 'Stop at an accuracy').uncheck();
  await expect(field(page, 'performance_cutoff')).toHaveCount(0);
  await expectSaved(page, 'training.performance_measure', null);
  await expectSaved(page, 'training.performance_cutoff', null);
});

test('a refused Advanced value shows the spec\'s message, blocks Train and changes nothing', async ({ page }) => {
  await open(page);
  await openAdvanced(page);
  await expectRefused(page, 'spec_rad', '0', /model\.initializer\.spec_rad: got 0; must be a number > 0/);
  await expectSaved(page, 'model.initializer.spec_rad', 1.1);
  await fill(page, 'spec_rad', '1.2');
  await expect(page.getByTestId('train-button')).toBeEnabled();

  await expectRefused(page, 'beta1', '1', /training\.optimizer\.beta1: got 1; must be a number in \[0, 1\)/);
  await expectSaved(page, 'training.optimizer.beta1', 0.9);
  await fill(page, 'beta1', '0.8');

  await field(page, 'Stop at an accuracy').check();
  await expectRefused(page, 'performance_cutoff', '1.5', /training\.performance_cutoff: got 1\.5; must be in \[0, 1\] for performance_measure "accuracy"/);
  await expectSaved(page, 'training.performance_cutoff', 0.9);
  // unticking drops the refused text with the field, and Train is back
  await field(page, 'Stop at an accuracy').uncheck();
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await expect(page.getByTestId('train-blocked')).toHaveCount(0);

  await expectRefused(page, 'loss_epoch', '2.5', /training\.loss_epoch: got 2\.5; must be an integer ≥ 1/);
  await expectSaved(page, 'training.loss_epoch', 10);
  await fill(page, 'loss_epoch', '10');

  // every trained variable off: nothing left to learn, said under the box; the box keeps the spec's value
  for (const name of ['W_in', 'W_rec', 'W_out', 'b_rec', 'b_out']) await field(page, `${name}_train`).uncheck();
  await field(page, 'init_state_train').click();
  await expect(page.getByText(/model\.constraints\.trainable: got .*leaves nothing to train/)).toBeVisible();
  await expect(field(page, 'init_state_train')).toBeChecked();
  await expectSaved(page, 'model.constraints.trainable.init_state', true);
  await expectSaved(page, 'model.initializer.spec_rad', 1.2);
  await expectSaved(page, 'training.optimizer.beta1', 0.8);
});

test('initializers: AlphaIdentity needs its alpha, const_unif its bounds in order', async ({ page }) => {
  await open(page);
  await openAdvanced(page);
  await page.getByLabel('initializer', { exact: true }).selectOption('AlphaIdentity');
  await expect(field(page, 'alpha')).toHaveValue('1');
  await expect(field(page, 'spec_rad')).toHaveCount(0);
  await fill(page, 'alpha', '0.5');
  await expectSaved(page, 'model.initializer', { type: 'AlphaIdentity', alpha: 0.5, which_rand_init: 'glorot_gauss', which_rand_W_rec_init: 'glorot_gauss', init_minval: -0.1, init_maxval: 0.1 });

  await page.getByLabel('initializer', { exact: true }).selectOption('WeightInitializer');
  await expect(field(page, 'init_minval')).toHaveCount(0);
  // W_rec's draw follows which_rand_init until it is set apart
  await page.getByLabel('which_rand_init', { exact: true }).selectOption('const_unif');
  await expect(page.getByLabel('which_rand_W_rec_init', { exact: true })).toHaveValue('const_unif');
  await page.getByLabel('which_rand_W_rec_init', { exact: true }).selectOption('glorot_unif');
  await expectRefused(page, 'init_minval', '0.2', /model\.initializer\.init_minval: got 0\.2; must be < init_maxval = 0\.1/);
  await fill(page, 'init_maxval', '0.3');
  // a larger maximum makes the typed minimum valid: checked again, taken
  await expect(field(page, 'init_minval')).not.toHaveAttribute('aria-invalid', 'true');
  await expectSaved(page, 'model.initializer', { type: 'WeightInitializer', which_rand_init: 'const_unif', which_rand_W_rec_init: 'glorot_unif', init_minval: 0.2, init_maxval: 0.3 });
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('the LSTM: its unused settings are disabled, and choosing it puts them back and says so', async ({ page }) => {
  await open(page);
  await openAdvanced(page);
  await fill(page, 'L2_in', '0.1');
  await fill(page, 'L2_out', '0.2');
  await field(page, 'W_rec_train').uncheck();
  await page.getByLabel('Model', { exact: true }).selectOption('lstm');
  await expect(page.getByTestId('lstm-note')).toHaveText('The LSTM does not use W_rec_train, L2_in: they were put back to their defaults.');
  for (const label of ['L1_in', 'L1_rec', 'L2_in', 'L2_rec', 'W_in_train', 'W_rec_train', 'b_rec_train', 'init_state_train']) await expect(field(page, label)).toBeDisabled();
  for (const label of ['L1_out', 'L2_out', 'L2_firing_rate', 'W_out_train', 'b_out_train']) await expect(field(page, label)).toBeEnabled();
  await expect(page.getByText(/The LSTM does not use W_in or W_rec, so L1_in, L1_rec, L2_in and L2_rec stay 0/)).toBeVisible();
  await expect(field(page, 'L2_in')).toHaveValue('0');
  await expect(field(page, 'W_rec_train')).toBeChecked();
  await expectSaved(page, 'model.type', 'lstm');
  await expectSaved(page, 'regularization.L2_in', 0);
  await expectSaved(page, 'regularization.L2_out', 0.2);
  await expectSaved(page, 'model.constraints.trainable.W_rec', true);
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('a tiny network trains on the Advanced settings and stops at its performance_cutoff', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => errors.push(error.message));
  await open(page);
  // 8 trials of 20 steps per batch, 4 units, on wasm: a few seconds per run
  for (const [label, text] of [['T (ms)', '200'], ['Trials per batch', '8'], ['Recurrent units', '4'], ['Training trials', '800']]) await fill(page, label, text);
  await page.getByTestId('backend-select').selectOption('wasm');
  await openAdvanced(page);
  await page.getByLabel('optimizer', { exact: true }).selectOption('rmsprop');
  await fill(page, 'decay', '0.8');
  await field(page, 'clip_grads').uncheck();
  await fill(page, 'L2_firing_rate', '0.01');
  await fill(page, 'loss_epoch', '1');
  await field(page, 'Stop at an accuracy').check();
  // any accuracy reaches 0: training stops after its first step of 8 trials, not after 800
  await fill(page, 'performance_cutoff', '0');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('status-message')).toHaveText(/^accuracy [\d.]+ on a fresh batch after 8 trials$/, { timeout: 60_000 });
  await expect(page.getByTestId('loss-value')).toHaveAttribute('data-value', /^\d/);
  expect(errors).toEqual([]);
});
