// Compare mode (issue #14) in Chromium: a comparison link opens both kernels side by side,
// the first divergence is marked and d jumps to it, both graphs ring what differs, the
// difference table explains both sides; the library comparisons at two window sizes; old
// links and a broken b= part; the "Compare with…" dialog and the link it copies.
import { expect, test, type Page } from '@playwright/test';
import { encodeCompareParam } from '../src/compare/link';
import { COMPARISONS } from '../src/scenario/library/comparisons';
import { encodeShare } from '../src/scenario/share';
import { validateScenario } from '../src/scenario/validate';

const counter = (page: Page) => page.getByTestId('step-counter');
const banner = (page: Page) => page.getByTestId('first-divergence');
const drawer = (page: Page) => page.getByTestId('diff-drawer');

/** Opens the difference table if the window's height left it closed. */
async function openTable(page: Page) {
  await expect(drawer(page)).toBeVisible();
  if ((await drawer(page).getAttribute('aria-expanded')) === 'false') await drawer(page).click();
  await expect(drawer(page)).toHaveAttribute('aria-expanded', 'true');
}

function link(id: string, step: number | null = null, b = true): string {
  const c = COMPARISONS.find((x) => x.id === id)!;
  const v = validateScenario(c.scenario);
  if (!v.ok) throw new Error(v.issues[0]!.message);
  return `/${encodeShare(v.scenario, { step })}${b ? `&${encodeCompareParam(c.b, v.scenario.version)}` : ''}`;
}

let problems: string[] = [];
test.beforeEach(({ page }) => {
  problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && !/attribution|reactflow\.dev\/pro/i.test(m.text()))) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
test.afterEach(() => expect(problems).toEqual([]));

test.describe('at 1280x720', () => {
  test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });

  test('a comparison link: divergence marked, d jumps to it, both graphs and the table show the difference', async ({ page }) => {
    await page.goto(link('compare-double-preserve-6-19-vs-7-1'));
    await expect(page.getByTestId('compare-view')).toBeVisible();
    // step 6 differs only by get_id (7.1 asks it): an expected API difference, not the first divergence
    await expect(banner(page)).toContainText('3 of 10 steps differ (+1 expected: get_id)', { timeout: 15_000 });
    await expect(banner(page)).toContainText('first divergence: step 7 (preserve_fd): A ok, B EBUSY');
    await expect(page.getByTestId('compare-head-A')).toContainText('6.19');
    await expect(page.getByTestId('compare-head-B')).toContainText('7.1');
    // the marks on the scrubber: one per diverging step
    await expect(page.getByTestId('divergence-marks').locator('rect')).toHaveCount(3);
    // 720 px high: the difference table starts closed, so each stacked graph gets the room
    await expect(drawer(page)).toHaveAttribute('aria-expanded', 'false');
    await expect(drawer(page)).toContainText('4 steps differ');
    await expect(page.getByTestId('diff-table')).toHaveCount(0);
    for (const side of ['A', 'B']) expect((await page.getByTestId(`compare-${side}`).boundingBox())!.height).toBeGreaterThan(240);
    await openTable(page);

    await page.keyboard.press('Home');
    await expect(counter(page)).toContainText('Boot');
    await page.keyboard.press('d');
    await expect(counter(page)).toContainText('Step 7 of 10');
    await expect(banner(page)).toContainText('this step differs: result, callbacks, counts');
    // B refused the second preserve: its badge on B's graph, a pink ring in both graphs
    await expect(page.getByTestId('compare-B').locator('.react-flow__node').filter({ hasText: 'EBUSY' }).first()).toBeVisible();
    await expect(page.getByTestId('compare-A').locator('.react-flow__node.luo-differs').first()).toBeAttached();
    await expect(page.getByTestId('compare-B').locator('.react-flow__node.luo-differs').first()).toBeAttached();
    const row = page.locator('[data-testid="diff-row"][data-step="6"]');
    await expect(row).toHaveAttribute('aria-current', 'step');
    await expect(row).toContainText('EBUSY');
    await expect(row).toContainText('only A: handler memfd-v1 preserve ("b", token 1) ok');
    await expect(row).toContainText('luo_preserve_file');
    await page.screenshot({ path: 'test-results/compare-jump.png' });
    await expect(page.locator('[data-testid="diff-row"][data-step="5"]')).toContainText('expected API difference: get_id');
    await page.keyboard.press('d');
    await expect(counter(page)).toContainText('Step 8 of 10');
    await page.keyboard.press('Shift+D');
    await expect(counter(page)).toContainText('Step 7 of 10');
    // a click on a row goes to its step
    await page.locator('[data-testid="diff-row"][data-step="9"]').click();
    await expect(counter(page)).toContainText('Step 10 of 10');
  });

  test('an old link opens without compare; an unreadable b= says so and opens the scenario alone', async ({ page }) => {
    await page.goto(link('compare-unregister-int-vs-void', 4, false));
    await expect(counter(page)).toContainText('Step 5 of 8', { timeout: 15_000 });
    await expect(page.getByTestId('compare-view')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Compare with…' })).toBeVisible();

    await page.goto(`${link('compare-unregister-int-vs-void', 4, false)}&b=1.notbase64!`);
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('comparison (its "b=" part) cannot be read', { timeout: 15_000 });
    await expect(counter(page)).toContainText('Step 5 of 8');
    await expect(page.getByTestId('compare-view')).toHaveCount(0);
  });

  test('Compare with… runs B, and the copied link opens the same two kernels at the same step', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(link('compare-unregister-int-vs-void', 4, false));
    await expect(counter(page)).toContainText('Step 5 of 8', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Compare with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare with another kernel' });
    await dialog.getByLabel('Kernel B profile').selectOption('7.1');
    await dialog.getByRole('button', { name: 'Compare' }).click();
    await expect(banner(page)).toContainText('first divergence', { timeout: 15_000 });
    await expect(page.getByTestId('compare-head-B')).toContainText('7.1');
    await page.locator('summary', { hasText: 'Share ▾' }).click(); // the real menu, not its placeholder while it loads
    await page.getByRole('button', { name: 'Copy link to this step' }).click();
    // the copy is asynchronous (the link code loads on first use): wait for the address bar
    await expect(page).toHaveURL(/&n=5&at=\d+&b=1\./);
    const url = page.url();
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByTestId('compare-head-B')).toContainText('7.1', { timeout: 15_000 });
    await expect(other.getByTestId('step-counter')).toContainText('Step 5 of 8');
    await expect(other.getByTestId('first-divergence')).toContainText('this step differs');
    await other.getByRole('button', { name: 'Stop comparing' }).click();
    await expect(other.getByTestId('compare-view')).toHaveCount(0);
  });
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test.describe(`library comparisons at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size, colorScheme: 'light' });
    for (const c of COMPARISONS) {
      test(c.id, async ({ page }) => {
        await page.goto(link(c.id, c.point));
        await expect(banner(page)).toContainText('differ', { timeout: 15_000 });
        await expect(counter(page)).toContainText(`Step ${c.point + 1} of ${c.scenario.steps.length}`);
        await expect(banner(page)).toContainText('this step differs');
        // the table: open in a window 820 px high or more, closed (its bar shown) below
        await expect(drawer(page)).toHaveAttribute('aria-expanded', size.height >= 820 ? 'true' : 'false');
        for (const side of ['A', 'B']) expect((await page.getByTestId(`compare-${side}`).boundingBox())!.height).toBeGreaterThan(240);
        await page.screenshot({ path: `test-results/compare-${c.id}-${size.width}x${size.height}-graphs.png` });
        await openTable(page);
        await expect(page.locator(`[data-testid="diff-row"][data-step="${c.point}"]`)).toHaveAttribute('aria-current', 'step');
        await expect(page.getByTestId('compare-A').locator('.react-flow__node').first()).toBeVisible();
        await expect(page.getByTestId('compare-B').locator('.react-flow__node').first()).toBeVisible();
        await page.screenshot({ path: `test-results/compare-${c.id}-${size.width}x${size.height}.png` });
      });
    }
  });
}
