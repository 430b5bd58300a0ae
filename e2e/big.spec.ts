// Big graphs: the view opens a lane too big to read whole at a readable zoom, on the action;
// React Flow mounts only what is near the view; edges still start and end on the node borders.
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 720 } });

type Step = Record<string, unknown>;

/** `sessions` sessions of `files` preserved memfds each; the last step preserves one more. */
function big(sessions: number, files: number): { title: string; steps: Step[]; [k: string]: unknown } {
  const steps: Step[] = [{ op: 'open_device', as: 'luo' }];
  for (let s = 0; s < sessions; s++) {
    steps.push({ op: 'create_session', device: 'luo', name: `vm${s}`, as: `s${s}` });
    for (let f = 0; f < files; f++) {
      steps.push({ op: 'create_file', kind: 'memfd', as: `f${s}_${f}`, data: `vm${s} page ${f}` });
      steps.push({ op: 'preserve_fd', session: `s${s}`, fd: `f${s}_${f}`, token: f });
    }
  }
  steps.push({ op: 'create_file', kind: 'memfd', as: 'last', data: 'the last one' });
  steps.push({ op: 'preserve_fd', session: 's0', fd: 'last', token: 99 });
  return { format: 'luoscope-scenario', version: 1, title: `${sessions} sessions × ${files} files`, kernel: { profile: 'latest', patches: [], liveupdate: true }, boot: { modules: ['memfd'] }, steps };
}

async function openJson(page: Page, s: { title: string; steps: Step[] }): Promise<void> {
  await page.goto(`/#json=${encodeURIComponent(JSON.stringify(s))}`);
  await expect(page.getByTestId('scenario-title')).toHaveText(s.title);
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^Step ${s.steps.length} of ${s.steps.length} `), { timeout: 20_000 });
}

/** The viewport's zoom, read from React Flow's transform. */
async function zoom(page: Page): Promise<number> {
  const t = await page.locator('.react-flow__viewport').getAttribute('style');
  return Number(/scale\(([\d.]+)\)/.exec(t ?? '')?.[1]);
}

test('edges start on the right border of their source and end on the left border of their target', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__edge').first()).toBeAttached();
  const rows = await page.evaluate(() => {
    const at = (id: string) => {
      const n = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)!;
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(n.style.transform)!;
      return { x: Number(m[1]), y: Number(m[2]), w: n.offsetWidth, h: n.offsetHeight };
    };
    return [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].map((g) => {
      const [source, target] = g.getAttribute('data-id')!.split(':')[1]!.split('->') as [string, string];
      const d = g.querySelector('path')!.getAttribute('d')!;
      const nums = d.match(/-?[\d.]+/g)!.map(Number);
      return { id: g.getAttribute('data-id'), s: at(source), t: at(target), start: [nums[0]!, nums[1]!], end: nums.slice(-2) };
    });
  });
  expect(rows.length).toBeGreaterThan(10);
  for (const r of rows) {
    expect(Math.abs(r.start[0] - (r.s.x + r.s.w)), `${r.id} starts on the right border`).toBeLessThanOrEqual(3);
    expect(Math.abs(r.start[1] - (r.s.y + r.s.h / 2)), `${r.id} starts half-way down`).toBeLessThanOrEqual(1);
    expect(Math.abs(r.end[0]! - r.t.x), `${r.id} ends on the left border`).toBeLessThanOrEqual(3);
    expect(Math.abs(r.end[1]! - (r.t.y + r.t.h / 2)), `${r.id} ends half-way down`).toBeLessThanOrEqual(1);
  }
});

test('a lane too big to read whole opens at a readable zoom on the last action, and mounts only what is near', async ({ page }) => {
  const s = big(30, 10);
  await openJson(page, s);
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.5);
  // the entry the last step preserved is in view, and highlighted
  const last = page.locator('.react-flow__node[aria-label^="preserved file token 99"]');
  await expect(last).toBeInViewport();
  await expect(last.locator('[data-touched]')).toHaveCount(1);
  // 30 sessions, 301 entries, 301 fds and more: far fewer are in the DOM
  const mounted = await page.locator('.react-flow__node').count();
  expect(mounted).toBeGreaterThan(5);
  expect(mounted).toBeLessThan(150);
  await page.screenshot({ path: 'test-results/e2e-big-lane.png' });
  // Fit view shows the whole lane (text too small to read, as the user asked for)
  await page.getByRole('button', { name: 'Fit View' }).click();
  await expect.poll(() => zoom(page)).toBeLessThan(0.2);
});

test('while playing or stepping, the view follows the action down a lane too big to read whole', async ({ page }) => {
  await openJson(page, big(30, 10));
  await page.getByRole('button', { name: 'Go to start' }).click();
  await page.getByRole('combobox').filter({ has: page.locator('option[value="256"]') }).selectOption('256');
  await page.getByRole('button', { name: 'Play' }).click();
  // a few hundred events later the files being preserved are far below the lane's top
  await expect(page.getByTestId('step-counter')).toHaveText(/^Step (1[5-9]\d|[2-9]\d\d) of /, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // and stepping on: the next step's file (created or preserved) is in view, highlighted
  await page.getByRole('button', { name: 'Next step' }).click();
  const touched = page.locator('.react-flow__node:has([data-touched])');
  await expect(touched.first()).toBeInViewport();
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.5);
  await page.screenshot({ path: 'test-results/e2e-big-follow.png' });
});

test('when playback starts, the explanation follows from where it starts (sampled while playing)', async ({ page }) => {
  await page.goto('/');
  const explain = page.getByTestId('explain');
  // the panel first shows where the default opens (before its kexec, #13); go to event 3
  await expect(page.getByTestId('play-hint')).toBeVisible();
  await expect(explain).toContainText(/^event \d+ /);
  await page.getByRole('button', { name: 'Go to start' }).click();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next event' }).click();
  await expect(explain).toContainText(/^event 3 /);
  await page.getByRole('button', { name: 'Play' }).click();
  // within the first sampling interval it still shows where playback started, never where the page opened
  const seen = await explain.textContent();
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(seen).toMatch(/^event [3-9] /);
});
