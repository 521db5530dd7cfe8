import { expect, test, type Page } from '@playwright/test';
import { BUILTIN_TASK_NAMES, taskDefinition, taskShape } from '../src/core/tasks/registry.ts';

/**
 * PsychRNN's built-in tasks, the channels each shows, and whether every trial has a masked-in period
 * (DelayedDiscrimination's decision period is drawn from U[0, T/8) and may be shorter than one step).
 */
const TASKS = [
  { name: 'PerceptualDiscrimination', inputs: 2, outputs: 2, alwaysMasked: true },
  { name: 'DelayedDiscrimination', inputs: 2, outputs: 2, alwaysMasked: false },
  { name: 'MatchToCategory', inputs: 16, outputs: 2, alwaysMasked: true },
] as const;

/** Console errors and uncaught exceptions, collected from the moment the page opens. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Every trace's path data, joined: changes whenever the drawn trial changes. */
async function drawing(page: Page): Promise<string> {
  const paths = await page.locator('svg path.trace').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d') ?? ''));
  return paths.join('|');
}

test('the page loads without console errors and shows its title', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle('CogRNN');
  await expect(page.getByRole('heading', { level: 1, name: 'CogRNN' })).toBeVisible();
  await expect(page.getByText(/recurrent neural networks on cognitive tasks/i)).toBeVisible();
  await expect(page.getByTestId('input-channel').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('task-select lists the built-in tasks and is labelled', async ({ page }) => {
  await page.goto('/');
  const select = page.getByTestId('task-select');
  await expect(select).toBeVisible();
  await expect(page.getByLabel('Built-in task')).toBeVisible();
  const values = await select.locator('option').evaluateAll((options) =>
    options.map((option) => (option as HTMLOptionElement).value),
  );
  expect(values).toEqual([...BUILTIN_TASK_NAMES]);
  for (const task of TASKS) expect(values).toContain(task.name);
});

test('every other built-in task draws its channels, and its option fields', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const select = page.getByTestId('task-select');
  for (const name of BUILTIN_TASK_NAMES.filter((n) => !TASKS.some((task) => task.name === n))) {
    await select.selectOption(name);
    const { N_in, N_out } = taskShape({ name });
    await expect(page.getByTestId('input-channel')).toHaveCount(N_in);
    await expect(page.getByTestId('target-channel')).toHaveCount(N_out);
    await expect(page.locator('svg path.trace')).toHaveCount(N_in + N_out);
    for (const d of await page.locator('svg path.trace').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d') ?? ''))) {
      expect(d).not.toMatch(/NaN|Infinity/);
    }
    for (const key of Object.keys(taskDefinition(name).options)) await expect(page.getByTestId(`option-${key}`)).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('choosing each task redraws the preview with its channels', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const select = page.getByTestId('task-select');
  let previous = '';
  // Start from a task other than the one shown first, so every selection is a real change.
  const initial = await select.inputValue();
  const order = [...TASKS.filter((task) => task.name !== initial), ...TASKS.filter((task) => task.name === initial)];
  for (const task of order) {
    await select.selectOption(task.name);
    await expect(page.getByTestId('input-channel')).toHaveCount(task.inputs);
    await expect(page.getByTestId('target-channel')).toHaveCount(task.outputs);
    const paths = page.locator('svg path.trace');
    await expect(paths).toHaveCount(task.inputs + task.outputs);
    for (const d of await paths.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d') ?? ''))) {
      // One point per time step: 2000 ms at dt = 10 ms.
      expect(d.match(/[ML]/g)?.length).toBe(200);
      expect(d).not.toMatch(/NaN|Infinity/);
    }
    if (task.alwaysMasked) await expect(page.getByTestId('mask-region').first()).toBeVisible();
    const current = await drawing(page);
    expect(current).not.toBe(previous);
    previous = current;
  }
  expect(errors).toEqual([]);
});

test('"New trial" draws a different trial', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Trial 1' })).toBeVisible();
  const before = await drawing(page);
  const button = page.getByRole('button', { name: 'New trial' });
  await button.click();
  await expect(page.getByRole('heading', { name: 'Trial 2' })).toBeVisible();
  expect(await drawing(page)).not.toBe(before);

  // Keyboard: focus the button and press Enter.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Trial 3' })).toBeVisible();
});

test('the page is interactive within 3 s (heavy modules load later)', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('train-button')).toBeEnabled();
  const interactiveMs = await page.evaluate(() => performance.getEntriesByName('cogrnn:interactive')[0]?.startTime ?? Infinity);
  test.info().annotations.push({ type: 'interactive', description: `${Math.round(interactiveMs)} ms after navigation start` });
  expect(interactiveMs).toBeLessThan(3000);
  // the plotting library (4.6 MB) is fetched only after the page is interactive
  await page.waitForTimeout(500);
  const plotlyRequestedAt = await page.evaluate(
    () => performance.getEntriesByType('resource').find((r) => /plotly/.test(r.name))?.startTime ?? Infinity,
  );
  expect(plotlyRequestedAt).toBeGreaterThan(interactiveMs);
});
