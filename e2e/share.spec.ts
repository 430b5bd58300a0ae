// End-to-end tests of building and sharing: the builder (clicks only, fork, undo / redo),
// share links (copy, open elsewhere, a middle step, broken links), import / export, the text
// trace, the SVG export, the unsaved-work prompt and the autosaved draft.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const LINKS = join(HERE, '..', 'src', 'scenario', 'fixtures', 'links');

const VIEWPORT = { width: 1280, height: 720 };
test.use({ viewport: VIEWPORT, colorScheme: 'light' });

/** The default scenario (no fragment): 22 steps, hugetlb-v1 shared by two handlers. */
const DEFAULT_TITLE = 'One hugetlb FLB shared by two handlers, across a kexec';
const DEFAULT_STEPS = 22;

/** A real format-1 share link (unsupported-fd, at step 3), its fragment only. */
const UNSUPPORTED_FD_HASH = readFileSync(join(LINKS, 'v1-unsupported-fd.txt'), 'utf8').trim().replace(/^[^#]*/, '');
const UNSUPPORTED_FD_TITLE = 'No handler accepts /dev/null (selftest preserve_unsupported_fd)';
/** Another real link (memfd-survives-kexec), to damage. */
const MEMFD_HASH = readFileSync(join(LINKS, 'v1-memfd-survives-kexec.txt'), 'utf8').trim().replace(/^[^#]*/, '');

const counter = (page: Page) => page.getByTestId('step-counter');
const title = (page: Page) => page.getByTestId('scenario-title');
const unsaved = (page: Page) => page.locator('header').getByText('unsaved changes');
const stepItems = (page: Page) => page.getByRole('list', { name: 'Scenario steps' }).getByRole('listitem');
const replacePrompt = (page: Page) => page.getByRole('dialog', { name: 'Replace your unsaved scenario?' });

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

async function openDefault(page: Page): Promise<void> {
  await page.goto('/');
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await waitForRun(page, DEFAULT_STEPS);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/share-${name}.png` });
}

// No console errors (or warnings, but React Flow's attribution one) and no page errors, on
// every page of the test (the pages opened from a copied link included).
let problems: string[] = [];
function watch(page: Page): void {
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (m.type() === 'warning' && /attribution|reactflow\.dev\/pro/i.test(m.text())) return;
    problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}
test.beforeEach(({ page }) => {
  problems = [];
  watch(page);
});
test.afterEach(() => {
  expect(problems, 'console errors and page errors during the test').toEqual([]);
});

/** A new page in a fresh context (its own storage: no draft), watched like the test's page. */
async function freshPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  const p = await ctx.newPage();
  watch(p);
  return p;
}

// --- the builder ----------------------------------------------------------------------------

async function openBuilder(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Build' }).click();
  const b = page.getByTestId('builder');
  await expect(b).toBeVisible();
  return b;
}

/** The "Add" button of an action, by its data-action key (or a key prefix ending in ":"). */
function action(page: Page, key: string): Locator {
  const sel = key.endsWith(':') ? `[data-action^="${key}"]` : `[data-action="${key}"]`;
  return page.getByTestId('builder').locator(sel);
}

/** Add an action and wait for the rerun, which then has `steps` steps (cursor at the end). */
async function add(page: Page, key: string, steps: number, opts: { fork?: boolean } = {}): Promise<void> {
  const btn = action(page, key);
  await expect(btn).toHaveCount(1);
  await btn.click();
  if (opts.fork) {
    const d = page.getByRole('dialog', { name: 'Fork the timeline here?' });
    await expect(d).toBeVisible();
    await d.getByRole('button', { name: 'Fork and add' }).click();
    await expect(d).toHaveCount(0);
  }
  await waitForRun(page, steps);
}

/** The data-action keys offered at the cursor. */
const keys = (page: Page) => page.getByTestId('builder').locator('[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')!));

/**
 * From the default page, build "a memfd survives a kexec" by clicks only, starting from an
 * empty timeline: Home, then fork with "Open /dev/liveupdate", then the nine other steps.
 */
async function buildMemfdSurvivesKexec(page: Page): Promise<void> {
  await openDefault(page);
  await openBuilder(page);
  await page.getByRole('button', { name: 'Go to start' }).click();
  await expect(counter(page)).toHaveText(/^Boot · event 0 of \d+$/);
  await expect(page.getByTestId('builder')).toContainText('Adding before the first step.');
  await expect(page.getByTestId('builder')).toContainText(`drops the ${DEFAULT_STEPS} later step(s)`);
  await expect(page.getByRole('button', { name: 'Add: Open /dev/liveupdate' })).toHaveAttribute('data-action', 'open_device');
  await add(page, 'open_device', 1, { fork: true });
  await expect(unsaved(page)).toBeVisible();
  // The fd names of the new steps should be fresh in the *new* scenario: the fork dropped the
  // default's "luo", so the device is "luo" again, as in src/builder/actions.test.ts.
  const offered = await keys(page);
  expect(offered, 'the device opened right after the fork is called "luo"').toContain('create_session:luo');
  const dev = offered.find((k) => k.startsWith('create_session:'))!;
  await add(page, dev, 2);
  await add(page, 'create_file', 3);
  await add(page, 'preserve_fd:s:m', 4);
  await add(page, 'kexec', 5);
  await add(page, 'open_device', 6);
  const retrieve = (await keys(page)).find((k) => k.startsWith('retrieve_session:') && k.endsWith(':vm1'));
  expect(retrieve, 'the builder offers to retrieve vm1 after the kexec').toBeDefined();
  await add(page, retrieve!, 7);
  await add(page, 'retrieve_fd:s2:1', 8);
  await add(page, 'read:m2', 9);
  await add(page, 'finish:s2', 10);
}

/** Every node of the graph as "data-id | text", sorted. */
const graph = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((ns) => ns.map((n) => `${n.getAttribute('data-id')} | ${(n.textContent ?? '').replace(/\s+/g, ' ').trim()}`).sort());
const nodeIds = (page: Page) => page.locator('.react-flow__node').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-id')!).sort());

// --- the share menu -------------------------------------------------------------------------

async function shareItem(page: Page, name: string): Promise<void> {
  await page.locator('summary', { hasText: 'Share ▾' }).click();
  await page.getByRole('button', { name }).click();
}

/** Copy the link to this step; returns what the clipboard holds (and checks the address bar). */
async function copyLink(page: Page): Promise<string> {
  await shareItem(page, 'Copy link to this step');
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=1\.[A-Za-z0-9_-]+(&n=\d+)?&at=\d+$/);
  const hash = await page.evaluate(() => location.hash);
  expect(hash.startsWith('#s=1.')).toBe(true);
  expect(url.endsWith(hash)).toBe(true);
  return url;
}

// --------------------------------------------------------------------------------------------

test('1. build "memfd survives a kexec" by clicks only, copy the link, open it elsewhere: the same graph', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await buildMemfdSurvivesKexec(page);
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await expect(unsaved(page)).toBeVisible();
  await expect(page.locator('header')).not.toContainText('unmet');
  await shot(page, 'builder');

  await page.getByRole('tab', { name: 'Steps' }).click();
  const items = stepItems(page);
  await expect(items).toHaveCount(10);
  const texts = (await items.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const calls = [
    /= open\("\/dev\/liveupdate"\)/,
    /= CREATE_SESSION\(luo2?, "vm1"\)/,
    /^3m = memfd_create\(\) with "guest memory"/,
    /PRESERVE_FD\(s, m, token 1\)/,
    /reboot\(LINUX_REBOOT_CMD_KEXEC\)/,
    /= open\("\/dev\/liveupdate"\)/,
    /s2 = RETRIEVE_SESSION\(luo2?, "vm1"\)/,
    /m2 = RETRIEVE_FD\(s2, token 1\)/,
    /read\(m2\)/,
    /FINISH\(s2\)/,
  ];
  calls.forEach((re, i) => expect(texts[i], `step ${i + 1}`).toMatch(re));
  // every result is ok; the read returns the memfd's content, written before the kexec
  const results = await items.locator('span.font-semibold').allTextContents();
  expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok "guest memory"', 'ok']);
  await expect(items.nth(8)).toContainText('read(m2)ok "guest memory"');
  await expect(page.locator('.react-flow__node[data-id^="g1/fd/"]', { hasText: '"guest memory"' })).toHaveCount(1);

  const at = (await counter(page).textContent())!;
  expect(at).toMatch(/^Step 10 of 10 · event (\d+) of \1$/);
  const before = await graph(page);
  const ids = await nodeIds(page);
  expect(ids).toContain('lane/1');
  expect(ids).toContain('handover/0');

  const url = await copyLink(page);
  expect(url).toMatch(/&n=10&at=\d+$/);
  // the link is saved work: no more "unsaved changes"
  await expect(unsaved(page)).toHaveCount(0);

  const other = await freshPage(browser);
  await other.goto(url);
  await expect(title(other)).toHaveText(DEFAULT_TITLE);
  await expect(counter(other)).toHaveText(at);
  await expect(other.locator('header')).not.toContainText('running');
  await expect(unsaved(other)).toHaveCount(0);
  await expect.poll(() => nodeIds(other)).toEqual(ids);
  expect(await graph(other)).toEqual(before);
  await other.getByRole('tab', { name: 'Steps' }).click();
  expect((await stepItems(other).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(texts);
  await other.context().close();
});

test('2. a link copied at a middle step (the kexec) opens at that step', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/${MEMFD_HASH.replace(/&step=\d+$/, '')}`);
  const fixture = JSON.parse(readFileSync(join(LINKS, 'v1-memfd-survives-kexec.json'), 'utf8')) as { scenario: { title: string; steps: unknown[] } };
  const n = fixture.scenario.steps.length;
  await expect(title(page)).toHaveText(fixture.scenario.title);
  await waitForRun(page, n);
  await page.getByRole('tab', { name: 'Steps' }).click();
  const items = stepItems(page);
  const texts = await items.allTextContents();
  const k = texts.findIndex((t) => t.includes('reboot(LINUX_REBOOT_CMD_KEXEC)'));
  expect(k).toBeGreaterThan(0);
  expect(k).toBeLessThan(n - 1);
  await items.nth(k).getByRole('button').click();
  await expect(counter(page)).toHaveText(new RegExp(`^Step ${k + 1} of ${n} · event \\d+ of \\d+$`));
  const at = (await counter(page).textContent())!;
  const ids = await nodeIds(page);
  expect(ids).toContain('lane/1'); // after the kexec: the new kernel is up

  const url = await copyLink(page);
  expect(url).toMatch(new RegExp(`&n=${k + 1}&at=\\d+$`));

  const other = await freshPage(browser);
  await other.goto(url);
  await expect(counter(other)).toHaveText(at);
  await expect(other.locator('header')).not.toContainText('running');
  await expect.poll(() => nodeIds(other)).toEqual(ids);
  await other.context().close();
});

test('3. undo and redo: Ctrl+Z twice removes two added steps, Ctrl+Shift+Z brings one back', async ({ page }) => {
  await openDefault(page);
  await openBuilder(page);
  const undoBtn = page.getByRole('button', { name: 'Undo', exact: true });
  const redoBtn = page.getByRole('button', { name: 'Redo', exact: true });
  await expect(undoBtn).toBeDisabled();
  await expect(redoBtn).toBeDisabled();
  await add(page, 'create_file', DEFAULT_STEPS + 1);
  await add(page, 'open_device', DEFAULT_STEPS + 2);
  await expect(undoBtn).toBeEnabled();

  await page.keyboard.press('Control+z');
  await waitForRun(page, DEFAULT_STEPS + 1);
  await page.keyboard.press('Control+z');
  await waitForRun(page, DEFAULT_STEPS);
  await expect(undoBtn).toBeDisabled();
  await expect(redoBtn).toBeEnabled();
  await page.getByRole('tab', { name: 'Steps' }).click();
  await expect(stepItems(page)).toHaveCount(DEFAULT_STEPS);

  await page.keyboard.press('Control+Shift+Z');
  await waitForRun(page, DEFAULT_STEPS + 1);
  await expect(stepItems(page)).toHaveCount(DEFAULT_STEPS + 1);
  await expect(stepItems(page).last()).toContainText('memfd_create() with "guest memory"');
  await openBuilder(page);
  await expect(redoBtn).toBeEnabled();
  await expect(unsaved(page)).toBeVisible();
});

test('4. export and import: a round trip, an invalid file and a file over the limit change nothing', async ({ page }) => {
  await openDefault(page);
  await openBuilder(page);
  await add(page, 'create_file', DEFAULT_STEPS + 1);
  await expect(unsaved(page)).toBeVisible();

  const dl = page.waitForEvent('download');
  await shareItem(page, 'Export scenario (.json)');
  const download = await dl;
  expect(download.suggestedFilename()).toBe('one-hugetlb-flb-shared-by-two-handlers-across-a-kexec.json');
  const text = readFileSync((await download.path())!, 'utf8');
  const exported = JSON.parse(text) as { format: string; version: number; title: string; steps: unknown[] };
  expect(exported.format).toBe('luoscope-scenario');
  expect(exported.version).toBe(2); // the default scenario is format 2 …
  expect((exported as unknown as { kernel: { profile: string } }).kernel.profile).toBe('7.3'); // … and its "latest" is written as the release
  expect(exported.title).toBe(DEFAULT_TITLE);
  expect(exported.steps).toHaveLength(DEFAULT_STEPS + 1);
  // exporting saves the work
  await expect(unsaved(page)).toHaveCount(0);

  // new unsaved work, then import the exported file: the prompt, "Open it here"
  await add(page, 'open_device', DEFAULT_STEPS + 2);
  await expect(unsaved(page)).toBeVisible();
  const input = page.getByTestId('import-file');
  await input.setInputFiles({ name: 'round-trip.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  const prompt = replacePrompt(page);
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('round-trip.json has a scenario');
  await prompt.getByRole('button', { name: 'Open it here' }).click();
  await expect(prompt).toHaveCount(0);
  await waitForRun(page, DEFAULT_STEPS + 1);
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await expect(unsaved(page)).toHaveCount(0);
  // and exporting again gives the same file
  const dl2 = page.waitForEvent('download');
  await shareItem(page, 'Export scenario (.json)');
  expect(readFileSync((await (await dl2).path())!, 'utf8')).toBe(text);

  const at = (await counter(page).textContent())!;
  const ids = await nodeIds(page);

  // an invalid file: an unknown op
  const bad = { ...exported, steps: [...exported.steps.slice(0, 1), { op: 'frobnicate', as: 'x' }] };
  await input.setInputFiles({ name: 'bad-op.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad, null, 2)) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('bad-op.json is not a valid scenario, so nothing changed');
  await expect(alert).toContainText('step 2 (steps[1])');
  await expect(alert).toContainText('"op"');
  await expect(alert).toContainText('"frobnicate" is not a known op');
  await expect(replacePrompt(page)).toHaveCount(0);
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await expect(counter(page)).toHaveText(at);
  expect(await nodeIds(page)).toEqual(ids);
  await alert.getByRole('button', { name: 'Dismiss the error' }).click();
  await expect(alert).toHaveCount(0);

  // a 17 MB file
  const big = Buffer.from(JSON.stringify({ ...exported, description: 'x'.repeat(17_000_000) }));
  expect(big.length).toBeGreaterThan(16 * 1024 * 1024);
  await input.setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: big });
  await expect(alert).toContainText('big.json');
  await expect(alert).toContainText(`${big.length.toLocaleString('en')} bytes`);
  await expect(alert).toContainText('over the limit of 16,777,216');
  await expect(alert).toContainText('nothing changed');
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await expect(counter(page)).toHaveText(at);
  expect(await nodeIds(page)).toEqual(ids);
});

test('5. the text trace of the freeze-failure lesson: 72 columns, freeze / unfreeze, the errno', async ({ page }) => {
  await openDefault(page);
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('searchbox', { name: 'Search the library' }).fill('freeze');
  const lesson = 'A freeze failure at kexec is rolled back by unfreeze';
  const open = page.getByRole('button', { name: `Open: ${lesson}` });
  await expect(open).toBeVisible();
  await expect(page.getByTestId('library').getByRole('status')).toHaveText(/^\d+ of \d+ scenarios$/);
  await shot(page, 'library');
  await open.click();
  await expect(replacePrompt(page)).toHaveCount(0); // nothing unsaved
  await expect(title(page)).toHaveText(lesson);
  await waitForRun(page, 17);

  await shareItem(page, 'Text trace (for a mail)');
  const dialog = page.getByRole('dialog', { name: 'Event trace' });
  await expect(dialog).toBeVisible();
  const trace = (await page.getByTestId('trace-text').textContent())!;
  await shot(page, 'trace');
  const lines = trace.split('\n');
  const long = lines.filter((l) => l.length > 72);
  expect(long, 'trace lines over 72 columns').toEqual([]);
  expect(lines[0]).toBe(`luoscope: ${lesson}`);
  expect(lines.some((l) => /vfio-pci-v1 freeze\("vm2", token 2\) = ETIMEDOUT \[injected\]/.test(l))).toBe(true);
  expect(lines.some((l) => /^\s+vfio-pci-v1 unfreeze\("vm2", token 1\)/.test(l))).toBe(true);
  expect(lines.some((l) => /^\s+iommufd-v1 unfreeze\("vm1", token 1\)/.test(l))).toBe(true);
  expect(trace).toContain('freeze(');
  expect(trace).toContain('unfreeze(');
  // the failed kexec (steps[10], the trace's [11]) returns the errno
  expect(lines.some((l) => /^\[11\] reboot\(LINUX_REBOOT_CMD_KEXEC\)\s+ETIMEDOUT$/.test(l))).toBe(true);
  expect(lines.at(-1)).toBe('-- 17 steps, 0 expectation(s) not met, 0 violation(s)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('6. a link over unsaved work asks first: "Keep mine" keeps it, "Open it here" opens the link', async ({ page }) => {
  await openDefault(page);
  await openBuilder(page);
  await add(page, 'create_file', DEFAULT_STEPS + 1);
  await expect(unsaved(page)).toBeVisible();
  const at = (await counter(page).textContent())!;

  const setHash = (h: string) => page.evaluate((x) => (window.location.hash = x), h);
  await setHash(UNSUPPORTED_FD_HASH);
  const prompt = replacePrompt(page);
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('The link has a scenario');
  await shot(page, 'replace-prompt');
  await prompt.getByRole('button', { name: 'Keep mine' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await expect(counter(page)).toHaveText(at);
  await expect(unsaved(page)).toBeVisible();
  await page.getByRole('tab', { name: 'Steps' }).click();
  await expect(stepItems(page)).toHaveCount(DEFAULT_STEPS + 1);

  // again (the same link once more needs a hash change in between)
  await setHash('');
  await expect(replacePrompt(page)).toHaveCount(0);
  await setHash(UNSUPPORTED_FD_HASH);
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Open it here' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(title(page)).toHaveText(UNSUPPORTED_FD_TITLE);
  // the link's step=3 is the 4th step
  await expect(counter(page)).toHaveText(/^Step 4 of 5 · event \d+ of \d+$/);
  await expect(stepItems(page)).toHaveCount(5);
  await expect(unsaved(page)).toHaveCount(0);

  // The edited scenario was replaced on purpose: a reload shows the link's scenario again.
  await page.reload();
  await expect(title(page)).toHaveText(UNSUPPORTED_FD_TITLE);
  await expect(replacePrompt(page)).toHaveCount(0);
  await expect(counter(page)).toHaveText(/^Step 4 of 5 · event \d+ of \d+$/);
  await expect(unsaved(page)).toHaveCount(0);
});

test('7. autosave: the edited scenario survives a reload, still unsaved', async ({ page }) => {
  await openDefault(page);
  await openBuilder(page);
  await add(page, 'create_file', DEFAULT_STEPS + 1);
  await add(page, 'open_device', DEFAULT_STEPS + 2);
  await expect(unsaved(page)).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe('');
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('luoscope-draft') ?? 'null') as { dirty: boolean; scenario: { steps: unknown[] } } | null);
  expect(draft?.dirty).toBe(true);
  expect(draft?.scenario.steps).toHaveLength(DEFAULT_STEPS + 2);

  await page.reload();
  await expect(title(page)).toHaveText(DEFAULT_TITLE);
  await waitForRun(page, DEFAULT_STEPS + 2);
  await expect(unsaved(page)).toBeVisible();
  await page.getByRole('tab', { name: 'Steps' }).click();
  await expect(stepItems(page)).toHaveCount(DEFAULT_STEPS + 2);
  await expect(stepItems(page).nth(DEFAULT_STEPS)).toContainText('memfd_create() with "guest memory"');
  await expect(stepItems(page).last()).toContainText('open("/dev/liveupdate")');
});

test.describe('8. broken share links: a clear alert, the app stays usable', () => {
  async function usable(page: Page): Promise<void> {
    await expect(title(page)).toHaveText(DEFAULT_TITLE);
    await waitForRun(page, DEFAULT_STEPS);
    await page.keyboard.press('Home');
    await expect(counter(page)).toHaveText('Boot · event 0 of 145');
    await page.getByRole('button', { name: 'Next step' }).click(); // the end of the boot
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(counter(page)).toHaveText(/^Step 1 of 22 · event \d+ of 145$/);
    await page.keyboard.press('End');
    await expect(counter(page)).toHaveText('Step 22 of 22 · event 145 of 145');
    await expect(page.locator('.react-flow__node[data-id="g0/flb/hugetlb-v1"]')).toHaveCount(1);
  }
  // the payload is 4n+2 characters long: cutting it to a multiple of 4 keeps it base64url
  const cut = (h: string) => {
    const p = h.replace(/&step=\d+$/, '');
    const payload = p.slice('#s=1.'.length);
    return `#s=1.${payload.slice(0, Math.floor(payload.length / 8) * 4)}`;
  };
  const garble = (h: string) => {
    const i = Math.floor(h.length / 2);
    return h.slice(0, i) + (h[i] === 'A' ? 'B' : 'A') + h.slice(i + 1);
  };
  const cases: [string, () => string, RegExp][] = [
    ['an empty #s=1. link', () => '#s=1.', /truncated or damaged/],
    ['a link cut in half', () => cut(MEMFD_HASH), /truncated or damaged/],
    ['a link with one character changed', () => garble(MEMFD_HASH), /This link is (truncated or )?damaged/],
    ['a link with a character outside base64url', () => MEMFD_HASH.replace(/(#s=1\.\w{10})\w/, '$1!'), /not base64url \("!" at character 11/],
    ['a link from a newer luoscope', () => '#s=9.xxxx', /newer luoscope.*link format 9/],
  ];
  for (const [name, hash, message] of cases) {
    test(name, async ({ page }) => {
      await page.goto(`/${hash()}`);
      const alert = page.getByRole('alert');
      await expect(alert).toHaveCount(1);
      await expect(alert).toHaveText(message);
      await usable(page);
      await expect(alert).toHaveText(message); // still explained after the fallback ran
      await alert.getByRole('button', { name: 'Dismiss the error' }).click();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }

  test('a broken link over an open scenario changes nothing', async ({ page }) => {
    await openDefault(page);
    await page.keyboard.press('Home');
    const ids = await nodeIds(page);
    await page.evaluate((h) => (window.location.hash = h), garble(MEMFD_HASH));
    await expect(page.getByRole('alert')).toContainText('damaged');
    await expect(replacePrompt(page)).toHaveCount(0);
    await expect(title(page)).toHaveText(DEFAULT_TITLE);
    await expect(counter(page)).toHaveText('Boot · event 0 of 145');
    expect(await nodeIds(page)).toEqual(ids);
  });
});

test('9. "Save the graph as SVG" downloads an SVG document with the session names', async ({ page }) => {
  await openDefault(page);
  const dl = page.waitForEvent('download');
  await shareItem(page, 'Save the graph as SVG');
  const download = await dl;
  expect(download.suggestedFilename()).toBe('one-hugetlb-flb-shared-by-two-handlers-across-a-kexec.svg');
  const svg = readFileSync((await download.path())!, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).toContain('vm1');
  expect(svg).toContain('vm2');
  expect(svg).toContain(`${DEFAULT_TITLE} (step 22, gen 1)`);
  // it is well-formed XML
  const ok = await page.evaluate((t) => new DOMParser().parseFromString(t, 'image/svg+xml').getElementsByTagName('parsererror').length === 0, svg);
  expect(ok).toBe(true);
});
