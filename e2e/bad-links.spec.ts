/**
 * Bad share links, as a table (issue 12): each row puts a link in the address of a page that has an experiment of its
 * own open (a hashchange, as pasting a link does), and states what the page must say. After every row the
 * experiment open before is intact — its saved spec unchanged — and the fragment is gone from the address. Then: a
 * link whose code differs from what its consent dialog showed (another code link opened while the dialog is open)
 * shows the new code, and Run it runs that code only, after its own consent; and a link opened while training runs
 * is refused, the run going on.
 */
import { expect, test } from '@playwright/test';
import { fromBase64url, toBase64url } from '../src/core/share/base64url.ts';
import { encodeExperimentLink, LINK_VERSION, packLink } from '../src/core/share/link.ts';
import { defaultSpec, type ExperimentSpec, parseSpec, SPEC_VERSION } from '../src/core/spec/spec.ts';
import { codeFingerprint } from '../src/ui/code-fingerprint.ts';
import { MEAN_SIGN, status } from './task-code.ts';
import { savedSpec, setField } from './training.ts';

/** What another person shared: a small experiment of its own. */
const shared: ExperimentSpec = { ...defaultSpec(), name: 'Shared elsewhere', seed: 99, model: { ...defaultSpec().model, N_rec: 30 } };
const good = encodeExperimentLink(shared);

/** `good` with one bit of its bytes flipped, in the middle of the compressed spec. */
function bitFlipped(): string {
  const bytes = fromBase64url(good)!;
  bytes[Math.floor(bytes.length / 2)] ^= 0x10;
  return toBase64url(bytes);
}

interface LinkRow {
  name: string;
  /** the fragment put in the address */
  fragment: () => string;
  says: RegExp;
}

const ROWS: LinkRow[] = [
  { name: 'truncated', fragment: () => `#x=${good.slice(0, -12)}`, says: /This link is damaged or cut short: its checksum does not match its [\d,]+ characters/ },
  { name: 'bit-flipped', fragment: () => `#x=${bitFlipped()}`, says: /This link is damaged or cut short/ },
  {
    name: 'a future link version',
    fragment: () => `#x=${packLink(shared, LINK_VERSION + 1)}`,
    says: new RegExp(`made by a newer CogRNN \\(link version ${LINK_VERSION + 1}\\); this page reads link versions up to ${LINK_VERSION}`),
  },
  {
    name: 'oversized',
    fragment: () => `#x=${packLink({ ...shared, task: { name: 'custom', source: `// ${'x'.repeat(5_000_000)}\n`, file: 'big.ts', N_in: 3, N_out: 2 } })}`,
    says: /This link is too large: a link may expand to at most 4\.0 MB/,
  },
  { name: 'not a link', fragment: () => '#x=hello-world', says: /This is not a CogRNN link: its data does not start with the mark/ },
  { name: 'characters no link has', fragment: () => '#x=<script>', says: /This is not a CogRNN link: .* holds "<" at character 1/ },
  {
    name: 'an invalid experiment inside',
    fragment: () => `#x=${packLink({ ...shared, model: { ...shared.model, N_rec: -3 } })}`,
    says: /The link's experiment is invalid: model\.N_rec: got -3; must be an integer ≥ 1/,
  },
  {
    name: 'a spec of a future version inside',
    fragment: () => `#x=${packLink({ ...shared, version: SPEC_VERSION + 1 })}`,
    says: new RegExp(`The link's experiment is invalid: version: .*spec version ${SPEC_VERSION + 1}`),
  },
];

test('bad links are refused with what is wrong, and the experiment open before is intact', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await setField(page, 'Seed', 4321);
  await setField(page, 'Recurrent units', 12);
  const before = await savedSpec(page);
  expect(before.seed).toBe(4321);
  for (const row of ROWS) {
    await test.step(row.name, async () => {
      await page.evaluate((fragment) => (location.hash = fragment), row.fragment());
      const problem = page.getByTestId('link-problem');
      await expect(problem).toContainText(row.says);
      await expect(problem).toContainText('The experiment open before is unchanged.');
      await expect(page).toHaveURL(/\/$/);
      expect(await savedSpec(page)).toEqual(before);
      await expect(page.getByLabel('Recurrent units', { exact: true })).toHaveValue('12');
      await problem.getByRole('button', { name: 'Dismiss' }).click();
    });
  }
  // a good link after the bad ones opens
  await page.evaluate((fragment) => (location.hash = fragment), `#x=${good}`);
  await expect(page.getByLabel('Recurrent units', { exact: true })).toHaveValue('30');
  expect(await savedSpec(page)).toEqual(shared);
});

test("another code link opened under the consent dialog replaces the dialog's code; Run it runs that code, after its own consent", async ({ page }) => {
  const codeLink = (source: string) =>
    `#x=${encodeExperimentLink(parseSpec({ version: SPEC_VERSION, task: { name: 'custom', source, file: 'mean-sign.ts', N_in: 2, N_out: 2 } }))}`;
  const other = MEAN_SIGN.replace("name: 'MeanSign'", "name: 'OtherSign'");
  await page.goto(`/${codeLink(MEAN_SIGN)}`);
  const dialog = page.getByTestId('consent-dialog');
  await expect(dialog.locator('pre')).toHaveText(MEAN_SIGN);
  const shownFirst = await dialog.getAttribute('data-code');

  await page.evaluate((fragment) => (location.hash = fragment), codeLink(other));
  await expect(dialog.locator('pre')).toHaveText(other);
  await expect(dialog).not.toHaveAttribute('data-code', shownFirst!);
  await expect(page.getByTestId('consent-note')).toContainText('Another link was opened while this dialog was open');
  await expect(status(page)).toHaveAttribute('data-state', 'awaiting-consent'); // nothing carried over, nothing ran

  await page.getByTestId('consent-run').click();
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
  await expect(status(page)).toHaveAttribute('data-code', codeFingerprint(other));
  expect((await savedSpec(page)).task.source).toBe(other);
});

test('a link opened while training runs is refused: the run and its experiment go on', async ({ page }) => {
  await page.goto('/');
  await setField(page, 'Trials per batch', 32);
  await setField(page, 'Recurrent units', 8);
  await page.getByTestId('backend-select').selectOption('wasm');
  const before = await savedSpec(page);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('pause-button')).toBeEnabled({ timeout: 30_000 }); // training, not only probing

  await page.evaluate((fragment) => (location.hash = fragment), `#x=${good}`);
  await expect(page.getByTestId('link-problem')).toContainText('A link was opened while training runs: opening it would replace the experiment being trained. Stop the run, then open the link again.');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('stop-button')).toBeEnabled();
  await expect(page.getByLabel('Recurrent units', { exact: true })).toHaveValue('8');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 30_000 });
  expect(await savedSpec(page)).toEqual(before);
});
