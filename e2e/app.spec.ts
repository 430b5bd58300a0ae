// End-to-end tests of the app: scenarios by link, the graph across a kexec, the inspector,
// broken links, hostile names, worker crashes, keyboard, accessibility and the theme.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// ../shared/scenarios beside the checkout (as in CI), else the copy kept in fixtures/
const SCENARIOS = existsSync(join(ROOT, '..', 'shared', 'scenarios')) ? join(ROOT, '..', 'shared', 'scenarios') : join(ROOT, 'fixtures', 'shared-scenarios');

type Step = Record<string, unknown>;
interface ScenarioJson {
  title: string;
  steps: Step[];
  [k: string]: unknown;
}

function scenarioFile(name: string): ScenarioJson {
  return JSON.parse(readFileSync(join(SCENARIOS, `${name}.json`), 'utf8')) as ScenarioJson;
}

function scenario(title: string, steps: Step[], modules = ['memfd']): ScenarioJson {
  return { format: 'luoscope-scenario', version: 1, title, kernel: { profile: 'latest', patches: [], liveupdate: true }, boot: { modules }, steps };
}

const link = (s: unknown) => `/#json=${encodeURIComponent(JSON.stringify(s))}`;

/** The default scenario (no fragment): 22 steps, hugetlb-v1 shared by two handlers. */
const DEFAULT_STEPS = 22;

const counter = (page: Page) => page.getByTestId('step-counter');
/** The header badge "<profile> · gen N". */
const genBadge = (page: Page) => page.getByTestId('kernel-badge');
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const sessionNode = (page: Page, gen: number, name: string) => page.locator(`.react-flow__node[data-id^="g${gen}/s/"][aria-label^='session "${name}"']`);
/** The value cell of an inspector row, by its exact key. */
const row = (scope: Locator, key: string) => scope.locator('tr').filter({ has: scope.page().locator('th').getByText(key, { exact: true }) }).locator('td');

/** Wait until the run of a scenario with `steps` steps is complete and the cursor is at its end. */
async function waitForRun(page: Page, steps: number, timeout = 15_000): Promise<void> {
  // a first view (the default scenario) opens before its kexec with a "press Play" hint (#13): go to the end
  const hint = page.getByTestId('play-hint');
  await expect(hint.or(counter(page).filter({ hasText: new RegExp(`^Step ${steps} of ${steps} · `) }))).toBeVisible({ timeout });
  if (await hint.isVisible()) await page.keyboard.press('End');
  await expect(counter(page)).toHaveText(new RegExp(`^Step ${steps} of ${steps} · event (\\d+) of \\1$`), { timeout });
  await expect(page.locator('header')).not.toContainText('running', { timeout });
  await expect(page.getByRole('button', { name: 'Go to end' })).toBeDisabled();
}

async function open(page: Page, s: ScenarioJson): Promise<void> {
  await page.goto(link(s));
  await expect(page.getByTestId('scenario-title')).toHaveText(s.title);
  await waitForRun(page, s.steps.length);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e-${name}.png` });
}

test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });

// 10. No console errors (or warnings, but React Flow's attribution one) and no page errors.
let problems: string[] = [];
test.beforeEach(({ page }) => {
  problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (m.type() === 'warning' && /attribution|reactflow\.dev\/pro/i.test(m.text())) return;
    problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
test.afterEach(() => {
  expect(problems, 'console errors and page errors during the test').toEqual([]);
});

test.describe('1. shared scenarios opened by link', () => {
  test('memfd-survives-kexec: two generations, the session on both sides, the handover image', async ({ page }) => {
    const s = scenarioFile('memfd-survives-kexec');
    await open(page, s);
    await page.keyboard.press('End');
    await expect(counter(page)).toHaveText(/^Step 12 of 12 · /);
    await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');

    await expect(node(page, 'lane/0')).toContainText('gen 0 · v1-latest · cold boot');
    await expect(node(page, 'lane/0')).toContainText('ended by kexec');
    await expect(node(page, 'lane/1')).toContainText('gen 1 · v1-latest · live update #1');

    await expect(sessionNode(page, 0, 'vm1')).toHaveCount(1);
    await expect(sessionNode(page, 0, 'vm1')).toContainText('outgoing');
    await expect(sessionNode(page, 1, 'vm1')).toHaveCount(1);
    // the gen 1 session was finished and closed by the last step
    await expect(sessionNode(page, 1, 'vm1')).toContainText('closed');
    await expect(node(page, 'g0/h/memfd-v1')).toContainText('memfd-v1');
    await expect(node(page, 'g1/h/memfd-v1')).toContainText('memfd-v1');
    await expect(node(page, 'g0/s/1/t/26')).toContainText('token 26 · memfd-v1');

    const handover = node(page, 'handover/0');
    await expect(handover).toContainText('handover image');
    await expect(handover).toContainText('1 session, 1 file');
    await expect(handover).toContainText('luo-v5');
    // the file's content is readable through the retrieved fd in gen 1
    await expect(page.locator('.react-flow__node[data-id^="g1/fd/"]', { hasText: '"guest memory"' })).toHaveCount(1);
    await expect(page.locator('header')).not.toContainText('unmet');
  });

  test('session-closed-before-kexec: the closed session does not cross, retrieve is ENOENT', async ({ page }) => {
    const s = scenarioFile('session-closed-before-kexec');
    await open(page, s);
    await page.keyboard.press('End');
    await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');
    await expect(node(page, 'lane/0')).toContainText('gen 0 · v1-latest · cold boot');
    await expect(node(page, 'lane/1')).toContainText('gen 1 · v1-latest · live update #1');

    await expect(sessionNode(page, 0, 'cache')).toContainText('closed');
    await expect(sessionNode(page, 1, 'cache')).toHaveCount(0);
    await expect(node(page, 'g0/h/memfd-v1')).toContainText('memfd-v1');
    await expect(node(page, 'g1/h/memfd-v1')).toContainText('memfd-v1');
    await expect(node(page, 'handover/0')).toContainText('0 sessions, 0 files');
    // the failing RETRIEVE_SESSION of the last step carries an ENOENT badge
    await expect(page.locator('.react-flow__node', { hasText: 'ENOENT' })).toHaveCount(1);

    await page.getByRole('tab', { name: 'Steps' }).click();
    const last = page.getByRole('list', { name: 'Scenario steps' }).getByRole('listitem').last();
    await expect(last).toContainText('RETRIEVE_SESSION(luo, "cache")');
    await expect(last).toContainText('ENOENT');
    await expect(last.getByLabel('expectation met')).toHaveCount(1);
  });

  test('unsupported-fd: the ENOENT failure is visible in the steps, the graph and the explanation', async ({ page }) => {
    const s = scenarioFile('unsupported-fd');
    await open(page, s);
    await page.keyboard.press('End');
    await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 0');
    await expect(node(page, 'lane/0')).toContainText('gen 0 · v1-latest · cold boot');
    await expect(page.locator('.react-flow__node[data-id^="lane/"]')).toHaveCount(1);
    await expect(sessionNode(page, 0, 'unsupported-fd-test')).toHaveCount(1);
    await expect(node(page, 'g0/h/memfd-v1')).toContainText('memfd-v1');
    await expect(page.locator('.react-flow__node[data-id="handover/0"]')).toHaveCount(0);

    await page.getByRole('tab', { name: 'Steps' }).click();
    const steps = page.getByRole('list', { name: 'Scenario steps' }).getByRole('listitem');
    await expect(steps).toHaveCount(5);
    await expect(steps.nth(3)).toContainText('PRESERVE_FD(s, null, token 0xdead)');
    await expect(steps.nth(3)).toContainText('ENOENT');
    await expect(steps.nth(3).getByLabel('expectation met')).toHaveCount(1);

    // jump to the first error: step 4, the session and its fd carry the errno
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    await expect(counter(page)).toHaveText('Step 4 of 5 · event 18 of 22');
    await expect(sessionNode(page, 0, 'unsupported-fd-test')).toContainText('ENOENT');
    await expect(sessionNode(page, 0, 'unsupported-fd-test')).toContainText('0 files');
    const explain = page.getByTestId('explain');
    await expect(explain).toContainText('PRESERVE_FD failed with ENOENT');
    // the explanation numbers events like the step counter and the Events tab
    await expect(explain).toContainText('event 18 · step 4 · gen 0');
  });
});

test('2. stepping back across the kexec shows gen 0, forward again gen 1', async ({ page }) => {
  await open(page, scenarioFile('memfd-survives-kexec'));
  await page.keyboard.press('End');
  await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');
  await page.keyboard.press('Shift+K');
  // right after the boot of gen 1 (step 6, the kexec)
  await expect(counter(page)).toHaveText(/^Step 6 of 12 · event \d+ of 65$/);
  await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');
  const after = (await counter(page).textContent())!;
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).not.toHaveText(after);
  await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 0');
  const vm1 = sessionNode(page, 0, 'vm1');
  await expect(vm1).toContainText('outgoing');
  await expect(vm1).toContainText('1 file');
  await expect(vm1).toHaveAttribute('aria-label', 'session "vm1": outgoing, 1 file');
  await expect(node(page, 'lane/1')).toHaveCount(0);
  await expect(node(page, 'lane/0')).not.toContainText('ended by kexec');
  await expect(node(page, 'g0/s/1/t/26')).toContainText('"guest memory"');
  await shot(page, 'kexec-before');

  await page.keyboard.press('k');
  await expect(counter(page)).toHaveText(after);
  await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');
  await expect(node(page, 'lane/1')).toContainText('gen 1 · v1-latest · live update #1');
  await expect(node(page, 'lane/0')).toContainText('ended by kexec');
  await shot(page, 'kexec-after');
});

/** The app fits the current kernel's lane; show every lane before clicking an older one. */
async function fitAll(page: Page) {
  await page.locator('.react-flow__controls-fitview').click();
}

test.describe('3. inspector', () => {
  test('a session node: name, list, files with token and handler', async ({ page }) => {
    await open(page, scenarioFile('memfd-survives-kexec'));
    await page.keyboard.press('End');
    await fitAll(page);
    await sessionNode(page, 0, 'vm1').click();
    const insp = page.getByTestId('inspector');
    await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
    await expect(insp.getByRole('heading', { level: 2 })).toHaveText('session "vm1"');
    await expect(row(insp, 'name')).toHaveText('"vm1"');
    await expect(row(insp, 'list')).toContainText('outgoing');
    await expect(row(insp, 'generation')).toHaveText('0 (ended by kexec)');
    await expect(row(insp, 'files')).toHaveText('1');
    const files = insp.getByRole('table').filter({ has: page.getByText('Files of this session') });
    const file = files.locator('tbody tr');
    await expect(file).toHaveCount(1);
    await expect(file.locator('td').nth(0)).toHaveText('26');
    await expect(file.locator('td').nth(1)).toHaveText('memfd-v1');
    await expect(sessionNode(page, 0, 'vm1')).toHaveClass(/selected/);
    await shot(page, 'inspector');

    // the incoming side: after the read in gen 1 (end of step 10)
    await page.getByRole('tab', { name: 'Steps' }).click();
    await page.getByRole('list', { name: 'Scenario steps' }).getByRole('button').nth(9).click();
    await expect(counter(page)).toHaveText(/^Step 10 of 12 · /);
    await sessionNode(page, 1, 'vm1').click();
    await expect(insp.getByRole('heading', { level: 2 })).toHaveText('session "vm1"');
    await expect(row(insp, 'list')).toContainText('incoming');
    await expect(row(insp, 'retrieved')).toHaveText('true');
    await expect(row(insp, 'finished')).toHaveText('false');
    await expect(file.locator('td').nth(0)).toHaveText('26');
    await expect(file.locator('td').nth(1)).toHaveText('memfd-v1');
    await expect(file.locator('td').nth(2)).toHaveText('retrieved');
    await expect(file.locator('td').nth(3)).toHaveText('"guest memory"');
  });

  test('an FLB node of the default scenario: its counts and users', async ({ page }) => {
    await page.goto('/');
    await waitForRun(page, DEFAULT_STEPS);
    await expect(page.getByTestId('scenario-title')).toHaveText('One hugetlb FLB shared by two handlers, across a kexec');
    await shot(page, 'default-end');
    const insp = page.getByTestId('inspector');

    const g0 = node(page, 'g0/flb/hugetlb-v1');
    await expect(g0).toContainText('outgoing count 2');
    await expect(g0).toContainText('2 handlers linked');
    await fitAll(page);
    await g0.click();
    await expect(insp.getByRole('heading', { level: 2 })).toHaveText('FLB hugetlb-v1');
    await expect(row(insp, 'generation')).toHaveText('0 (ended by kexec)');
    await expect(row(insp, 'handlers linked (users)')).toHaveText('2: hugetlb-memfd-v1, guest-memfd-v1');
    await expect(row(insp, 'outgoing count')).toHaveText('2');
    await expect(row(insp, 'incoming count')).toHaveText('0');

    const g1 = node(page, 'g1/flb/hugetlb-v1');
    await expect(g1).toContainText('incoming finished');
    await g1.click();
    await expect(row(insp, 'generation')).toHaveText('1 (current kernel)');
    await expect(row(insp, 'handlers linked (users)')).toHaveText('2: hugetlb-memfd-v1, guest-memfd-v1');
    await expect(row(insp, 'outgoing count')).toHaveText('0');
    await expect(row(insp, 'incoming count')).toHaveText('0');
    await expect(row(insp, 'retrieved')).toHaveText('true');
    await expect(row(insp, 'finished')).toHaveText('true');
    await expect(insp.getByRole('listitem')).toContainText(['liveupdate_flb_get_incoming()']);

    // Escape clears the selection
    await page.keyboard.press('Escape');
    await expect(insp).toHaveCount(0);
  });
});

test.describe('4. broken links', () => {
  async function defaultStillUsable(page: Page): Promise<void> {
    await expect(page.getByTestId('scenario-title')).toHaveText('One hugetlb FLB shared by two handlers, across a kexec');
    await waitForRun(page, DEFAULT_STEPS);
    await expect(sessionNode(page, 0, 'vm1')).toHaveCount(1);
    await expect(sessionNode(page, 0, 'vm2')).toHaveCount(1);
    await expect(node(page, 'g0/flb/hugetlb-v1')).toHaveCount(1);
    await page.getByRole('button', { name: 'Go to start' }).click();
    await expect(counter(page)).toHaveText('Boot · event 0 of 145');
    await page.getByRole('button', { name: 'Next event' }).click();
    await expect(counter(page)).toHaveText('Boot · event 1 of 145');
    await page.getByRole('button', { name: 'Next step' }).click(); // the end of the boot
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(counter(page)).toHaveText(/^Step 1 of 22 · event [1-9]\d* of 145$/);
    await page.getByRole('button', { name: 'Go to end' }).click();
    await expect(counter(page)).toHaveText('Step 22 of 22 · event 145 of 145');
  }

  test('a truncated link shows an alert naming the JSON problem, the default scenario runs', async ({ page }) => {
    await page.goto('/#json=%7B%22format');
    const alert = page.getByRole('alert');
    await expect(alert).toHaveCount(1);
    await defaultStillUsable(page);
    await expect(alert).toContainText('not valid JSON');
    await expect(alert).toContainText('#json=');
    await alert.getByRole('button', { name: 'Dismiss the error' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('valid JSON with an unknown op: the alert names the step and "op", the default scenario runs', async ({ page }) => {
    const bad = scenario('bad op', [{ op: 'open_device', as: 'luo' }, { op: 'frobnicate', as: 'x' }]);
    await page.goto(link(bad));
    const alert = page.getByRole('alert');
    await expect(alert).toHaveCount(1);
    await defaultStillUsable(page);
    await expect(alert).toContainText('step 2 (steps[1])');
    await expect(alert).toContainText('"op"');
    await expect(alert).toContainText('"frobnicate" is not a known op');
    await expect(alert).toContainText('nothing changed');
  });

  test('a good scenario, then a broken fragment: the alert shows and the graph stays', async ({ page }) => {
    const s = scenarioFile('memfd-survives-kexec');
    await open(page, s);
    await page.keyboard.press('Shift+K');
    const at = (await counter(page).textContent())!;
    const ids = async () => page.locator('.react-flow__node').evaluateAll((ns) => ns.map((n) => `${n.getAttribute('data-id')}=${n.getAttribute('aria-label')}`));
    const before = await ids();
    expect(before.length).toBeGreaterThan(5);

    await page.evaluate(() => {
      window.location.hash = '#json=%7B%22format';
    });
    await expect(page.getByRole('alert')).toContainText('not valid JSON');
    await shot(page, 'alert');
    await expect(page.getByTestId('scenario-title')).toHaveText(s.title);
    await expect(counter(page)).toHaveText(at);
    expect(await ids()).toEqual(before);

    await page.evaluate((h) => {
      window.location.hash = h;
    }, link(scenario('bad op', [{ op: 'frobnicate' }])).slice(1));
    await expect(page.getByRole('alert')).toContainText('step 1 (steps[0])');
    await expect(page.getByTestId('scenario-title')).toHaveText(s.title);
    await expect(counter(page)).toHaveText(at);
    expect(await ids()).toEqual(before);
  });
});

test('5. hostile names are shown as text, never as markup', async ({ page }) => {
  const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  // A session name is at most 64 bytes (the validator rejects longer ones), so the two
  // halves of the payload are two session names; the title carries all of it.
  const IMG = '<img src=x onerror="window.__pwned=1">';
  const SCRIPT = '<script>window.__pwned=2</script>';
  const s = scenario(HOSTILE, [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: IMG, as: 's1', expect: 'ok' },
    { op: 'create_session', device: 'luo', name: SCRIPT, as: 's2', expect: 'ok' },
    { op: 'create_file', kind: 'memfd', as: 'm', data: HOSTILE },
    { op: 'preserve_fd', session: 's1', fd: 'm', token: 1 },
  ]);
  s.description = HOSTILE;
  await open(page, s);

  await expect(page.getByTestId('scenario-title')).toHaveText(HOSTILE);
  // node titles are cut at 22 characters by design
  const n1 = page.locator('.react-flow__node[aria-label^="session "]', { hasText: '"<img src=x onerror="w…"' });
  const n2 = page.locator('.react-flow__node[aria-label^="session "]', { hasText: '"<script>window.__pwne…"' });
  await expect(n1).toHaveCount(1);
  await expect(n2).toHaveCount(1);
  await expect(n1).toHaveAttribute('aria-label', 'session "<img src=x onerror="w…": outgoing, 1 file');
  // the preserved file shows the (hostile) content of the memfd as text
  await expect(page.locator('.react-flow__node[aria-label^="preserved file "]', { hasText: '"<img src=x onerror="w…"' })).toHaveCount(1);

  await n1.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(`session "${IMG}"`);
  await n2.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(`session "${SCRIPT}"`);

  await page.getByRole('tab', { name: 'Steps' }).click();
  await expect(page.getByRole('tabpanel')).toContainText(HOSTILE); // the description
  // the steps quote the names as JSON strings
  await expect(page.getByRole('list', { name: 'Scenario steps' })).toContainText(`CREATE_SESSION(luo, ${JSON.stringify(IMG)})`);
  await expect(page.getByRole('list', { name: 'Scenario steps' })).toContainText(`CREATE_SESSION(luo, ${JSON.stringify(SCRIPT)})`);

  const dom = await page.evaluate(() => ({
    imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
    onerror: document.querySelectorAll('[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((x) => (x.textContent ?? '').includes('__pwned')).length,
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
  }));
  expect(dom.imgs).not.toContain('x');
  expect(dom.onerror).toBe(0);
  expect(dom.scripts).toBe(0);
  expect(dom.pwned).toBeUndefined();
  await shot(page, 'hostile');
});

test.describe('6. the engine worker crashes', () => {
  test('mid-run: a notice, a rerun, and the complete run', async ({ page }) => {
    test.setTimeout(120_000);
    const steps: Step[] = [{ op: 'open_device', as: 'luo' }];
    for (let i = 0; i < 4000; i++) steps.push({ op: 'create_session', device: 'luo', name: `s${i}`, as: `s${i}` });
    const big = scenario('4000 sessions', steps);
    // The page's main thread is busy drawing while the run streams in, so a page.evaluate()
    // may only run once the run is over; crash from inside the page instead, at the first
    // render of "running N / 4,001 steps" with 0 < N < 4001.
    await page.addInitScript(() => {
      const w = window as unknown as { __crashedAt?: string };
      const obs = new MutationObserver(() => {
        const text = document.querySelector('header [role=status]')?.textContent ?? '';
        const m = /running ([\d,]+) \/ ([\d,]+)/.exec(text);
        if (m && m[1] !== '0' && m[1] !== m[2] && window.luoscope) {
          obs.disconnect();
          w.__crashedAt = text;
          window.luoscope.crashWorker();
        }
      });
      obs.observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(link(big));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __crashedAt?: string }).__crashedAt), { timeout: 30_000 }).toMatch(/^running [\d,]+ \/ 4,001 steps$/);
    const notice = page.getByRole('status').filter({ hasText: 'worker' });
    await expect(notice).toContainText('restarted', { timeout: 30_000 });
    await waitForRun(page, 4001, 90_000);
    await expect(notice).toContainText('restarted');
    await expect(page.getByTestId('scenario-title')).toHaveText('4000 sessions');
  });

  test('after the run: the rerun comes back to the same step', async ({ page }) => {
    await open(page, scenarioFile('memfd-survives-kexec'));
    await page.keyboard.press('Home');
    // the first Shift+→ goes to the end of the boot, then one scenario step each
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(counter(page)).toHaveText(/^Step 7 of 12 · event \d+ of 65$/);
    const at = (await counter(page).textContent())!;
    await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');

    await page.evaluate(() => window.luoscope!.crashWorker());
    const notice = page.getByRole('status').filter({ hasText: 'worker' });
    await expect(notice).toContainText('restarted');
    await expect(page.locator('header')).not.toContainText('running');
    await expect(counter(page)).toHaveText(at);
    await expect(genBadge(page)).toHaveText('latest → v1-latest · gen 1');
    await expect(page.getByRole('button', { name: 'Go to end' })).toBeEnabled();
    await expect(sessionNode(page, 0, 'vm1')).toContainText('outgoing');
  });
});

test('7. keyboard: help sheet, Home / End / arrows, Space plays and pauses', async ({ page }) => {
  await page.goto('/');
  await waitForRun(page, DEFAULT_STEPS);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard and controls' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('rowheader', { name: 'Space', exact: true })).toBeVisible();
  await expect(help).toContainText('play / pause');
  await shot(page, 'help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  await page.keyboard.press('Home');
  await expect(counter(page)).toHaveText('Boot · event 0 of 145');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Boot · event 1 of 145');
  await page.keyboard.press('Shift+ArrowRight'); // the end of the boot
  await expect(counter(page)).toHaveText(/^Boot · event \d+ of 145$/);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(counter(page)).toHaveText(/^Step 1 of 22 · event \d+ of 145$/);
  await page.keyboard.press('End');
  await expect(counter(page)).toHaveText('Step 22 of 22 · event 145 of 145');

  await page.keyboard.press('Home');
  const event = async () => Number(/event (\d+) of/.exec((await counter(page).textContent()) ?? '')![1]);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(event, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  const stopped = await event();
  await page.waitForTimeout(500); // 4 ticks at 8 events/s: a running player would have moved
  expect(await event()).toBe(stopped);
});

test.describe('8. accessibility (axe)', () => {
  async function seriousViolations(page: Page): Promise<string[]> {
    const r = await new AxeBuilder({ page }).analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×) e.g. ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`).join(' | ')}`);
  }

  test('no serious or critical violations, light and dark', async ({ page }) => {
    test.setTimeout(90_000); // two full-page axe runs take about 15 s each on a slow machine
    await page.goto('/');
    await waitForRun(page, DEFAULT_STEPS);
    const light = await seriousViolations(page);
    await page.getByRole('button', { name: /^Switch to dark/ }).click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await shot(page, 'dark');
    const dark = await seriousViolations(page);
    expect({ light, dark }, `axe violations:\n${[...light.map((v) => `light: ${v}`), ...dark.map((v) => `dark: ${v}`)].join('\n')}`).toEqual({ light: [], dark: [] });
  });
});

test('9. the theme toggles the dark class and survives a reload', async ({ page }) => {
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/\bdark\b/);
  const toggle = page.getByRole('button', { name: /^Switch to/ });
  await expect(toggle).toHaveAccessibleName('Switch to dark theme');
  await toggle.click();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAccessibleName('Switch to light theme');
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('button', { name: /^Switch to/ })).toHaveAccessibleName('Switch to light theme');
  await page.getByRole('button', { name: /^Switch to/ }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await expect(page.getByRole('button', { name: /^Switch to/ })).toHaveAccessibleName('Switch to dark theme');
});
