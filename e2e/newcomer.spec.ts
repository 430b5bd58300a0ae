// Issue #13: what a new user hits. Each test failed before its fix; each takes a screenshot
// (newcomer-*.png in the results folder) that was looked at.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LINKS = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'scenario', 'fixtures', 'links');
/** A real link made before issue #13: memfd-survives-kexec with &step=9 (0-based: the 10th step). */
const OLD_LINK = readFileSync(join(LINKS, 'v1-memfd-survives-kexec.txt'), 'utf8').trim().replace(/^[^#]*/, '');

const counter = (page: Page) => page.getByTestId('step-counter');
const graphNodes = (page: Page) => page.locator('.react-flow__node-luo');

/** The run is over and the graph is drawn (wherever the cursor opened). */
async function ready(page: Page): Promise<void> {
  await expect(counter(page)).toHaveText(/event \d+ of \d+$/, { timeout: 15_000 });
  await expect(page.locator('header')).not.toContainText('running', { timeout: 15_000 });
  await expect(graphNodes(page).first()).toBeVisible();
}

async function shot(page: Page, name: string): Promise<void> {
  // beside the run's other results (--output), not in a test's own folder
  await page.screenshot({ path: `${test.info().project.outputDir}/newcomer-${name}.png` });
}

test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });

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

test.describe('1. the graph from the keyboard', () => {
  test('a skip link leads to the side panel', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('button', { name: 'Skip to the side panel' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { selected: true })).toBeFocused();
  });

  test('one Tab stop, a focus ring, arrows between nodes, Enter inspects', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    // the graph's nodes leave the Tab order but one
    await expect(page.locator('.react-flow__node-luo[tabindex="0"]')).toHaveCount(1);
    expect(await graphNodes(page).count()).toBeGreaterThan(3);
    const focusedNode = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.react-flow__node')?.getAttribute('data-id') ?? null);
    let presses = 0;
    while ((await focusedNode()) === null) {
      await page.keyboard.press('Tab');
      expect(++presses, 'Tab reaches the graph').toBeLessThan(40);
    }
    const first = (await focusedNode())!;
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    const before = await counter(page).textContent();
    // arrows move between nodes and leave the timeline alone
    const seen = new Set([first]);
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'ArrowRight']) {
      await page.keyboard.press(key);
      const now = await focusedNode();
      expect(now, `${key} keeps the focus in the graph`).not.toBeNull();
      seen.add(now!);
    }
    expect(seen.size, 'the arrows reached other nodes').toBeGreaterThan(1);
    await expect(counter(page)).toHaveText(before!);
    await shot(page, 'graph-focus');
    const id = (await focusedNode())!;
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.locator(`.react-flow__node[data-id="${id}"]`)).toHaveClass(/selected/);
    // one more Tab leaves the graph (no walk through every node)
    await page.keyboard.press('Tab');
    expect(await focusedNode()).toBeNull();
  });
});

/** The viewport's zoom, read from React Flow's transform. */
async function zoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
}

/** The smallest text of the graph's nodes as drawn on screen, in px. */
async function smallestText(page: Page): Promise<number> {
  const z = await zoom(page);
  const px = await page.evaluate(() => {
    let min = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node-luo *, .react-flow__node-lane *')) {
      if (!el.textContent?.trim() || el.children.length) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });
  return px * z;
}

test.describe('2. graph text can be read', () => {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
  ]) {
    test(`text is 11 px or more on screen at the opening zoom, ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto('/');
      await ready(page);
      expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
      await shot(page, `readable-${size.width}`);
    });
  }

  test('"Hide removed objects" takes the faded objects out, and is kept', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.keyboard.press('End');
    await expect(page.locator('.react-flow__node-luo [data-status="gone"]').first()).toBeAttached();
    const hide = page.getByRole('checkbox', { name: 'Hide removed objects' });
    await hide.check();
    await expect(page.locator('.react-flow__node-luo [data-status="gone"]')).toHaveCount(0);
    await expect(page.locator('.react-flow__node-luo').first()).toBeVisible();
    expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
    await shot(page, 'hide-removed');
    await page.reload();
    await ready(page);
    await expect(page.getByRole('checkbox', { name: 'Hide removed objects' })).toBeChecked();
    await page.getByRole('checkbox', { name: 'Hide removed objects' }).uncheck();
    await page.keyboard.press('End');
    await expect(page.locator('.react-flow__node-luo [data-status="gone"]').first()).toBeAttached();
  });
});

async function shareItem(page: Page, name: string): Promise<void> {
  await page.locator('summary', { hasText: 'Share ▾' }).click();
  await page.getByRole('button', { name }).click();
}

/** Copies the link of the cursor (the address bar gets it too) and returns it. */
async function copyLink(page: Page): Promise<string> {
  await shareItem(page, 'Copy link to this step');
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  return page.evaluate(() => location.href);
}

test.describe('5. one step numbering, from 1', () => {
  test('an old &step=9 link opens at step 10; its new link says n=10; the trace starts at [1]; messages name steps[i]', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    expect(OLD_LINK).toMatch(/&step=9$/);
    await page.goto(`/${OLD_LINK}`);
    await expect(counter(page)).toHaveText(/^Step 10 of \d+ · event \d+ of \d+$/, { timeout: 15_000 });
    const url = await copyLink(page);
    expect(url).toMatch(/&n=10&at=\d+$/);
    expect(url).not.toContain('step=');

    await shareItem(page, 'Text trace (for a mail)');
    const trace = (await page.getByTestId('trace-text').textContent())!;
    const numbers = [...trace.matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]));
    expect(numbers[0]).toBe(1);
    expect(numbers.at(-1)).toBe(Number(/Step 10 of (\d+)/.exec((await counter(page).textContent())!)![1]));
    await shot(page, 'trace-numbered');
    await page.keyboard.press('Escape');

    // a validation message: the step as people count it and the JSON index by name
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.getByRole('textbox', { name: 'Scenario JSON', exact: true });
    const text = (await editor.inputValue()).replace('"op": "create_session"', '"op": "teleport"');
    await editor.fill(text);
    await expect(page.getByRole('list', { name: 'Problems' })).toContainText(/step \d+ \(steps\[\d+\]\)/);
    const m = /step (\d+) \(steps\[(\d+)\]\)/.exec((await page.getByRole('list', { name: 'Problems' }).textContent())!)!;
    expect(Number(m[1])).toBe(Number(m[2]) + 1);
  });
});

test.describe('6. links point at an event', () => {
  test('a link copied in the middle of a step opens at that event', async ({ page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await ready(page);
    await page.keyboard.press('End');
    // into the middle of a step: back two steps, then forward two events
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const at = (await counter(page).textContent())!;
    const url = await copyLink(page);
    const event = /event (\d+) of/.exec(at)![1];
    expect(url).toMatch(new RegExp(`&at=${event}$`));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await ctx.newPage();
    await other.goto(url);
    await expect(counter(other)).toHaveText(at, { timeout: 15_000 });
    await shot(other, 'event-link');
    await ctx.close();
  });
});

test.describe('7. the first view opens before the action', () => {
  test('the default opens right before its kexec, in gen 0, with a "press Play" hint', async ({ page }) => {
    await page.goto('/');
    const hint = page.getByTestId('play-hint');
    await expect(hint).toBeVisible({ timeout: 15_000 });
    await expect(hint).toContainText('Press Play');
    await expect(counter(page)).toHaveText(/^Step (\d+) of 22 · event \d+ of 145$/);
    await expect(page.getByTestId('kernel-badge')).toContainText('gen 0');
    await expect(page.getByTestId('explain')).not.toContainText('closed');
    await shot(page, 'first-view');
    // the next step is the kexec
    await page.keyboard.press('Shift+ArrowRight');
    await expect(page.getByTestId('kernel-badge')).toContainText('gen 1');
    await expect(hint).toHaveCount(0);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(hint).toBeVisible();
    await hint.getByRole('button', { name: '▶ Play' }).click();
    await expect(page.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
    await expect(hint).toHaveCount(0);
  });
});

test.describe('8. the inspector offers the calls the kernel has, as buttons', () => {
  test('on 7.1 the FLB offers no put; a click adds the step at the cursor', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('play-hint')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.getByRole('textbox', { name: 'Scenario JSON', exact: true });
    await editor.fill((await editor.inputValue()).replace(/"profile": "[^"]+"/, '"profile": "7.1"'));
    await page.getByRole('button', { name: 'Run this scenario' }).click();
    await expect(page.getByTestId('kernel-badge')).toContainText('7.1', { timeout: 15_000 });
    await expect(counter(page)).toHaveText(/^Step 22 of 22 · event (\d+) of \1$/, { timeout: 15_000 });
    const flb = page.locator('.react-flow__node[data-id="g1/flb/hugetlb-v1"]');
    await flb.focus();
    await page.keyboard.press('Enter');
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText('FLB hugetlb-v1');
    const adds = inspector.getByRole('button', { name: /^\+ / });
    await expect(adds.first()).toBeVisible();
    const labels = await adds.allTextContents();
    expect(labels.some((l) => /get incoming/.test(l))).toBe(true);
    expect(labels.some((l) => /put/.test(l)), labels.join(' | ')).toBe(false);
    await expect(inspector).not.toContainText('put_outgoing');
    await shot(page, 'inspector-actions');
    await inspector.getByRole('button', { name: '+ get incoming FLB hugetlb-v1' }).click();
    await expect(counter(page)).toHaveText(/^Step 23 of 23 · /, { timeout: 15_000 });
    await expect(page.locator('header')).toContainText('unsaved changes');
    // undo takes it back
    await page.keyboard.press('Control+z');
    await expect(counter(page)).toHaveText(/ of 22 · /, { timeout: 15_000 });
  });
});

test.describe('9. colour contrast and axe on every tab, light and dark', () => {
  const TABS = ['Inspect', 'Events', 'Steps', 'Build', 'JSON', 'Library', 'Learn'];
  async function serious(page: Page, where?: string): Promise<string[]> {
    const axe = new AxeBuilder({ page });
    if (where) axe.include(where);
    const r = await axe.analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length}×) e.g. ${v.nodes.slice(0, 2).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`).join(' | ')}`);
  }

  for (const theme of ['light', 'dark'] as const) {
    test(`every side panel tab, ${theme}`, async ({ page }) => {
      test.setTimeout(420_000); // 8 axe runs: about 2 minutes on a busy 2-core machine
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/');
      await ready(page);
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      // a node inspected, so the Inspect tab has content
      await page.locator('.react-flow__node-luo[tabindex="0"]').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('inspector')).toBeVisible();
      const found: string[] = (await serious(page)).map((v) => `page: ${v}`);
      for (const tab of TABS) {
        await page.getByRole('tab', { name: tab, exact: true }).click();
        await expect(page.getByRole('tabpanel')).not.toContainText('Loading…');
        await expect(page.getByRole('tabpanel').locator('*').first()).toBeVisible();
        found.push(...(await serious(page, 'aside')).map((v) => `${tab}: ${v}`));
        if (tab === 'JSON') await shot(page, `axe-json-${theme}`);
        if (tab === 'Events') await shot(page, `axe-events-${theme}`);
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }
});

test.describe('4. a new scenario of its own; steps inserted, moved and deleted anywhere', () => {
  test('New scenario, then insert before the first step, move, delete, undo', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New scenario' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('My own test');
    await dialog.getByRole('combobox', { name: 'Kernel' }).selectOption('7.1');
    await dialog.getByRole('checkbox', { name: 'hugetlb', exact: true }).check();
    await shot(page, 'new-scenario');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('scenario-title')).toHaveText('My own test');
    await expect(page.getByTestId('kernel-badge')).toContainText('7.1');
    await expect(counter(page)).toHaveText(/^Boot · event (\d+) of \1$/, { timeout: 15_000 });

    const builder = page.getByTestId('builder');
    await builder.locator('[data-action="open_device"]').click();
    await expect(counter(page)).toHaveText(/^Step 1 of 1 · /, { timeout: 15_000 });
    await builder.locator('[data-action^="create_session:"]').click();
    await expect(counter(page)).toHaveText(/^Step 2 of 2 · /, { timeout: 15_000 });
    // before the first step: insert, keeping the two steps
    await page.keyboard.press('Home');
    await expect(builder).toContainText('Adding before the first step.');
    await builder.locator('[data-action="create_file"]').click();
    const fork = page.getByRole('dialog', { name: 'Fork the timeline here?' });
    await expect(fork).toContainText('before the first step drops all 2 step(s)');
    await fork.getByRole('button', { name: 'Insert, keep them' }).click();
    await expect(counter(page)).toHaveText(/^Step 1 of 3 · /, { timeout: 15_000 });
    const editor = page.getByRole('region', { name: 'Edit the steps' });
    const rows = editor.getByRole('listitem');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('memfd_create');
    await expect(rows.nth(1)).toContainText('open("/dev/liveupdate")');
    // move the file to the end, delete it, undo the delete
    await editor.getByRole('button', { name: 'Move step 1 down' }).click();
    await expect(rows.nth(1)).toContainText('memfd_create', { timeout: 15_000 });
    await editor.getByRole('button', { name: 'Move step 2 down' }).click();
    await expect(rows.nth(2)).toContainText('memfd_create', { timeout: 15_000 });
    await shot(page, 'step-editor');
    await editor.getByRole('button', { name: 'Delete step 3' }).click();
    await expect(rows).toHaveCount(2, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(rows).toHaveCount(3, { timeout: 15_000 });
    await expect(rows.nth(2)).toContainText('memfd_create');
    await expect(page.getByTestId('scenario-title')).toHaveText('My own test');
  });
});

test.describe('3. JSON edits: kept as a draft, each problem beside its line', () => {
  test('an edit survives a tab switch and says it is not run; a problem shows beside its line, the line keeps its number', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.getByRole('textbox', { name: 'Scenario JSON', exact: true });
    const text = await editor.inputValue();
    await editor.fill(text.replace(/"title": "[^"]*"/, '"title": "renamed here"'));
    await page.getByRole('tab', { name: 'Steps' }).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect(editor).toHaveValue(/"title": "renamed here"/);
    await expect(page.getByTestId('editor-unapplied')).toContainText('Not run yet');
    await expect(page.locator('header')).toContainText('unsaved changes');

    const broken = (await editor.inputValue()).replace('"op": "create_session"', '"op": "teleport"');
    await editor.fill(broken);
    const line = broken.split('\n').findIndex((l) => l.includes('"teleport"')) + 1;
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect(problems).toContainText(`line ${line}:`);
    // scroll the text to the line (the problem's button does), then the message sits beside it
    await problems.getByRole('button').first().click();
    const inline = page.locator(`[data-testid="inline-issue"][data-line="${line}"]`);
    await expect(inline).toContainText('"teleport" is not a known op');
    const box = (await inline.boundingBox())!;
    const area = (await editor.boundingBox())!;
    const top = await editor.evaluate((t) => t.scrollTop);
    const lineTop = area.y + 4 + (line - 1) * 18 - top;
    expect(Math.abs(box.y - lineTop)).toBeLessThan(3);
    expect(box.y).toBeGreaterThanOrEqual(area.y);
    expect(box.y + box.height).toBeLessThanOrEqual(area.y + area.height);
    // after the line's text, not over it (6 px: less than a character of the 12 px monospace)
    expect(box.x).toBeGreaterThan(area.x + broken.split('\n')[line - 1]!.length * 6);
    // the gutter keeps the line's number
    await expect(page.getByTestId('editor').locator('[aria-hidden="true"] > div').nth(line - 1)).toHaveText(String(line));
    await shot(page, 'json-inline');
  });
});

test.describe('11. smaller things', () => {
  test('an unknown file kind is refused by validation, naming the step and the kinds', async ({ page }) => {
    const s = { format: 'luoscope-scenario', version: 2, title: 'floppy', steps: [{ op: 'create_file', kind: 'floppy', as: 'f' }] };
    await page.goto(`/#json=${encodeURIComponent(JSON.stringify(s))}`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('step 1 (steps[0], create_file): field "kind": "floppy" is not a file kind');
    await expect(alert).toContainText('"memfd"');
    await ready(page);
  });

  test('a jump past the last error says so; a failed callback puts its errno on the file', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('freeze');
    await page.getByRole('button', { name: 'Open: A freeze failure at kexec is rolled back by unfreeze' }).click();
    await expect(page.getByTestId('scenario-title')).toHaveText('A freeze failure at kexec is rolled back by unfreeze');
    await expect(page.locator('header')).not.toContainText('running', { timeout: 15_000 });
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    // the failed freeze(): the badge on the preserved file it failed on, none on the handler
    const badge = page.locator('.react-flow__node-luo .bg-red-700');
    await expect(badge.first()).toBeVisible();
    const on = await badge.evaluateAll((els) => els.map((e) => e.closest('.react-flow__node')!.getAttribute('data-id')));
    expect(on.some((id) => /\/s\/\d+\/t\//.test(id!)), on.join(', ')).toBe(true);
    expect(on.some((id) => /\/h\//.test(id!)), on.join(', ')).toBe(false);
    await shot(page, 'badge-on-file');
    await page.keyboard.press('End');
    await page.keyboard.press('e');
    await expect(page.getByTestId('jump-miss')).toHaveText('No later error: this is the last.');
  });

  test('a placeholder shows before the app mounts', async ({ page }) => {
    // hold the app's code back until the placeholder was seen
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/', { waitUntil: 'commit' });
    await expect(page.getByText('Loading luoscope')).toBeVisible();
    await shot(page, 'placeholder');
    release();
    await ready(page);
    await expect(page.getByText('Loading luoscope')).toHaveCount(0);
  });
});

test.describe('10. big runs', () => {
  test('the 2000-session selftest: search moves the cursor and the view; the scrubber puts the view on the step; the Events filter follows; the link says its size', async ({ page, context }) => {
    test.setTimeout(180_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await ready(page);
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('preserve_many_sessions');
    await page.getByRole('button', { name: 'Open: 2000 sessions at once (selftest preserve_many_sessions)' }).click();
    await expect(counter(page)).toHaveText(/^Step 4001 of 4001 · /, { timeout: 90_000 });
    await expect(page.locator('header')).not.toContainText('running', { timeout: 30_000 });

    // search: the session, its node selected and in view, the cursor where it was created
    const search = page.getByRole('searchbox', { name: 'Search the run' });
    await search.fill('many-session-1500');
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').first();
    await expect(hit).toContainText('session many-session-1500');
    await hit.click();
    await expect(counter(page)).toHaveText(/^Step 1502 of 4001 · /);
    const node = page.locator('.react-flow__node[aria-label^=\'session "many-session-1500"\']');
    await expect(node).toBeInViewport();
    await expect(node).toHaveClass(/selected/);
    await expect(page.getByTestId('inspector')).toContainText('many-session-1500');
    await shot(page, 'big-search');
    await search.fill('');

    // the scrubber: a click far away puts the view on what that step touched
    const scrubber = page.getByRole('slider', { name: 'Timeline position (events)' });
    const box = (await scrubber.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await expect(page.locator('.react-flow__node-luo [data-touched]').first()).toBeInViewport();

    // the Events filter: matches only, around the cursor
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.getByRole('searchbox', { name: 'Filter the events' }).fill('many-session-1999');
    await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(/^\d+ match(es)?$/);
    const rows = page.getByRole('list', { name: 'Events around the cursor' }).getByRole('listitem');
    await expect(rows.first()).toBeVisible();
    const texts = await rows.allTextContents();
    expect(texts.length).toBeLessThan(61);
    await shot(page, 'big-events-filter');

    // the link: its size, and the file export offered
    await page.locator('summary', { hasText: 'Share ▾' }).click();
    await page.getByRole('button', { name: 'Copy link to this step' }).click();
    const size = page.getByTestId('link-size');
    await expect(size).toContainText(/Link copied \(\d+\.\d KB\)/);
    await expect(size.getByRole('button', { name: 'export it as a file' })).toBeVisible();
  });
});

test.describe('the Sequence view', () => {
  test('lifelines, calls and returns with their errno, the kexec band; it follows the cursor, a click moves it, a filter keeps one file', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('freeze');
    await page.getByRole('button', { name: 'Open: A freeze failure at kexec is rolled back by unfreeze' }).click();
    await expect(page.getByTestId('scenario-title')).toHaveText('A freeze failure at kexec is rolled back by unfreeze');
    await expect(page.locator('header')).not.toContainText('running', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Sequence', exact: true }).click();
    const seq = page.getByTestId('sequence');
    await expect(seq).toContainText('agent (userspace)');
    await expect(seq).toContainText('LUO core');
    await expect(seq).toContainText('handler vfio-pci-v1');
    // the failed freeze: the cursor on it, its return says the errno, highlighted
    await page.keyboard.press('Home');
    await page.keyboard.press('e');
    const current = seq.locator('[data-current]');
    await expect(current).toHaveCount(1);
    await expect(seq.locator('g[data-row]').filter({ hasText: 'ETIMEDOUT' }).first()).toBeVisible();
    await expect(seq.locator('g[data-row]').filter({ hasText: /^kexec → gen 1/ }).first()).toBeAttached();
    await shot(page, 'sequence');
    // a click on an arrow moves the cursor just after its event
    const before = await counter(page).textContent();
    const n = await seq.locator('g[data-row]').filter({ hasText: /^\[\d+\] / }).first().getAttribute('data-row');
    const row = seq.locator(`g[data-row="${n}"]`);
    await row.click();
    await expect(counter(page)).not.toHaveText(before!);
    await expect(row).toHaveAttribute('data-current', 'true');
    // one file only
    const show = page.getByRole('combobox', { name: 'Show the calls of' });
    const fileOption = (await show.locator('option').allTextContents()).find((t) => t.startsWith('file: token 2 of "vm2"'))!;
    await show.selectOption({ label: fileOption });
    const labels = await seq.locator('g[data-row]').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    // calls and notes of token 2 only (returns show their result), and the kexec band
    expect(labels.some((l) => /token 2/.test(l))).toBe(true);
    expect(labels.some((l) => /token (?!2\b)\d+/.test(l)), labels.join(' | ')).toBe(false);
    // back to the graph
    await page.getByRole('button', { name: 'Graph', exact: true }).click();
    await expect(graphNodes(page).first()).toBeVisible();
  });
});
