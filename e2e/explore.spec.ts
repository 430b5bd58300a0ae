// End-to-end tests of the Explore tab (issue #15): a preset runs in the explore worker with live
// progress, the page stays responsive meanwhile, a counterexample opens in the graph at its
// step, and its share link opens the same scenario in a fresh page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
// searches run in a worker on a shared machine: give each test room (their speed is benchmarked, not tested)
test.describe.configure({ timeout: 120_000 });

const counter = (page: Page) => page.getByTestId('step-counter');
const title = (page: Page) => page.getByTestId('scenario-title');

async function openExplore(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore')).toBeVisible();
}

test('a preset finds the seed use-after-unpreserve; its counterexample opens in the graph at the step, and its link in a fresh page', async ({ page, browser }) => {
  await openExplore(page);
  await page.getByLabel('Scope', { exact: true }).selectOption('pci-hot-unplug-7.1');
  await page.getByRole('button', { name: 'Run' }).click();
  const summary = page.getByTestId('explore-summary');
  await expect(summary).toHaveText(/^1 violation within depth 8, \d+ states: flb-use-after-unpreserve \(6 steps\)\.$/, { timeout: 60_000 });
  const finding = page.locator('[data-testid=explore-finding][data-id=flb-use-after-unpreserve]');
  await expect(finding).toContainText('FLB pci-v1: its unpreserve() ran while the caller of flb_get_outgoing still holds the object');

  await finding.getByRole('button', { name: 'Open flb-use-after-unpreserve in the graph at step 6' }).click();
  await expect(title(page)).toHaveText('Counterexample: flb-use-after-unpreserve');
  await expect(counter(page)).toHaveText(/^Step 6 of 6 · /);
  // the graph shows the 7.1 kernel, with the VFIO handler and the pci-v1 FLB
  await expect(page.getByTestId('kernel-badge')).toContainText('7.1');
  await expect(page.locator('.react-flow__node', { hasText: 'pci-v1' }).first()).toBeAttached();

  const link = await finding.getByTestId('explore-link').getAttribute('href');
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=1\./);
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await fresh.goto(link!);
  await expect(title(fresh)).toHaveText('Counterexample: flb-use-after-unpreserve');
  await expect(counter(fresh)).toHaveText(/^Step 6 of 6 · /);
  await fresh.close();
});

test('the default scope runs with live progress to its result, and the graph can be scrubbed meanwhile', async ({ page }) => {
  await openExplore(page);
  await expect(page.getByLabel('Scope', { exact: true })).toHaveValue('two-sessions-two-memfds');
  const before = await counter(page).textContent();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run' }).click();
  const bar = page.getByRole('progressbar', { name: 'Exploring' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('explore-progress')).toContainText(/[1-9][\d,]* states · depth \d+ of 9/);
  // the page answers while the worker explores: step the timeline back from the keyboard
  await page.getByRole('slider').first().focus();
  await page.keyboard.press('Home');
  await expect(counter(page)).not.toHaveText(before!);
  const summary = page.getByTestId('explore-summary');
  await expect(summary).toHaveText(/^No violation within depth 9, [\d,]+ states\.$/, { timeout: 100_000 });
  // how long it took is a benchmark (bench/README.md explore_browser_s), not a test
  test.info().annotations.push({ type: 'default scope', description: `${((Date.now() - t0) / 1000).toFixed(1)} s: ${await summary.textContent()}` });
});

test('a run can be cancelled, and the results say how far it got', async ({ page }) => {
  await openExplore(page);
  await page.getByText('Edit the scope').click();
  await page.getByRole('spinbutton', { name: 'Depth' }).fill('30');
  await page.getByRole('spinbutton', { name: 'Max states' }).fill('5000000');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('explore-progress')).toContainText(/[1-9][\d,]* states/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('explore-summary')).toHaveText(/^No violation within [\d,]+ states explored before the search was cancelled \(depth \d+\)\.$/, { timeout: 20_000 });
});

test('an invalid scope is refused with the field named, and nothing runs', async ({ page }) => {
  await openExplore(page);
  await page.getByText('Edit the scope').click();
  const json = page.getByLabel('Scope JSON (faults, goals, properties)');
  await json.fill(JSON.stringify({ format: 'luoscope-scope', version: 1, sessions: 12 }));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'field "sessions": 12 is out of range: 0 to 9' })).toBeVisible();
  await expect(page.getByTestId('explore-progress')).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the tab with its form, results and a finding passes axe (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await openExplore(page);
    await page.getByLabel('Scope', { exact: true }).selectOption('flb-finished-before-retrieve');
    await page.getByText('Edit the scope').click();
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByTestId('explore-summary')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('explore-finding').first()).toBeVisible();
    const r = await new AxeBuilder({ page }).include('aside').analyze();
    const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} e.g. ${v.nodes[0]?.target.join(' ')}`);
    expect(serious, serious.join('\n')).toEqual([]);
  });
}
