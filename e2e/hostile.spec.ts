// Hostile and huge inputs (issue #12): an amplifying link runs without taking the tab down,
// a run that never ended makes the next start safe (the draft kept), control characters
// in messages are shown escaped.
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });

let problems: string[] = [];
test.beforeEach(({ page }) => {
  problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('crash', () => problems.push('the page crashed'));
});
test.afterEach(() => {
  expect(problems, 'page errors during the test').toEqual([]);
});

const link = (s: unknown) => `/#json=${encodeURIComponent(JSON.stringify(s))}`;
const counter = (page: Page) => page.getByTestId('step-counter');

async function waitForRun(page: Page, steps: number, timeout = 30_000): Promise<void> {
  // a first view (the default scenario) opens before its kexec with a "press Play" hint (#13): go to the end
  const hint = page.getByTestId('play-hint');
  await expect(hint.or(counter(page).filter({ hasText: new RegExp(`^Step ${steps} of ${steps} · `) }))).toBeVisible({ timeout });
  if (await hint.isVisible()) await page.keyboard.press('End');
  await expect(counter(page)).toHaveText(new RegExp(`^Step ${steps} of ${steps} · `), { timeout });
  await expect(page.locator('header')).not.toContainText('running', { timeout });
}

test('a 200 KB memfd read 5,000 times runs to the end, and the read shows how long it was', async ({ page }) => {
  // before the fix every read event carried the whole file: 2 GB crossed from the worker
  test.setTimeout(90_000);
  const steps = [{ op: 'create_file', kind: 'memfd', as: 'm', data: 'x'.repeat(200_000) }, ...Array.from({ length: 5_000 }, () => ({ op: 'read', fd: 'm' }))];
  await page.goto(link({ format: 'luoscope-scenario', version: 1, title: 'amplifier', steps }));
  await expect(page.getByTestId('scenario-title')).toHaveText('amplifier');
  await waitForRun(page, steps.length, 60_000);
  await page.getByRole('tab', { name: /steps/i }).click();
  await expect(page.getByText(/199,744 more chars/).first()).toBeVisible();
});

test('a run that never ended makes a safe start: the default scenario, the draft kept and offered', async ({ page }) => {
  const crasher = { format: 'luoscope-scenario', version: 1, title: 'the crasher', steps: [{ op: 'open_device', as: 'd' }] };
  await page.goto('/');
  await waitForRun(page, 22);
  const title = await page.getByTestId('scenario-title').textContent();
  await page.evaluate((s) => {
    localStorage.setItem('luoscope-draft', JSON.stringify({ scenario: s, dirty: true }));
    localStorage.setItem('luoscope-run-guard', JSON.stringify({ at: Date.now() - 60_000 }));
  }, crasher);
  await page.reload();
  const banner = page.getByTestId('safe-start');
  await expect(banner).toContainText('Safe start');
  await expect(page.getByTestId('scenario-title')).toHaveText(title!);
  await waitForRun(page, 22);
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('luoscope-draft-kept')))!).scenario.title).toBe('the crasher');
  await page.screenshot({ path: 'test-results/e2e-safe-start.png' });
  const download = page.waitForEvent('download');
  await banner.getByRole('button', { name: 'Save the draft as a file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('luoscope-draft.json');
  await banner.getByRole('button', { name: 'Open the draft anyway' }).click();
  await expect(page.getByTestId('scenario-title')).toHaveText('the crasher');
  await expect(banner).toBeHidden();
  // the run ended: the next start is a normal one, with the draft
  await waitForRun(page, 1);
  await page.reload();
  await expect(page.getByTestId('scenario-title')).toHaveText('the crasher');
  await expect(page.getByTestId('safe-start')).toBeHidden();
});

test('a control character in a broken link is shown escaped in the alert', async ({ page }) => {
  // a JSON syntax error quotes the raw character it stopped at
  await page.goto('/#json=' + encodeURIComponent('{"format": \u0001\u001b[2J}'));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('\\x01');
  // eslint-disable-next-line no-control-regex -- what must not be shown raw
  expect(await alert.textContent()).not.toMatch(/[\u0000-\u001f]/);
});

test('a worker that stops without an error mid-run is restarted and the run completes', async ({ page }) => {
  test.setTimeout(120_000);
  const steps: Record<string, unknown>[] = [{ op: 'open_device', as: 'luo' }];
  for (let i = 0; i < 4000; i++) steps.push({ op: 'create_session', device: 'luo', name: `s${i}`, as: `s${i}` });
  // silence it from inside the page at the first "running N / 4,001 steps" with 0 < N < 4001
  await page.addInitScript(() => {
    const w = window as unknown as { __silencedAt?: string };
    const obs = new MutationObserver(() => {
      const text = document.querySelector('header [role=status]')?.textContent ?? '';
      const m = /running ([\d,]+) \/ ([\d,]+)/.exec(text);
      if (m && m[1] !== '0' && m[1] !== m[2] && window.luoscope?.silenceWorker) {
        obs.disconnect();
        w.__silencedAt = text;
        window.luoscope.silenceWorker();
      }
    });
    obs.observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(link({ format: 'luoscope-scenario', version: 1, title: '4000 sessions', steps }));
  await expect.poll(() => page.evaluate(() => (window as unknown as { __silencedAt?: string }).__silencedAt), { timeout: 30_000 }).toMatch(/^running [\d,]+ \/ 4,001 steps$/);
  const notice = page.getByRole('status').filter({ hasText: 'worker' });
  await expect(notice).toContainText('it sent nothing for 10 s', { timeout: 30_000 });
  await waitForRun(page, 4001, 90_000);
});

test('vite preview sends the static-host headers: frame-ancestors, nosniff, no referrer', async ({ page }) => {
  const r = await page.request.get('/');
  const h = r.headers();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).not.toContain('unsafe-eval');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
});

test('a tour link beyond the last stop opens the last stop and says so', async ({ page }) => {
  await page.goto('/#tour=what-survives&stop=99999999');
  await expect(page.getByRole('status').filter({ hasText: 'beyond the tour' })).toContainText("The link's stop 99,999,999 is beyond the tour's");
});

test.describe('drafts are not lost', () => {
  test('text typed in the JSON tab and not run survives a tab switch and a reload, and a link asks first', async ({ page }) => {
    await page.goto('/');
    await waitForRun(page, 22);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const area = page.getByLabel('Scenario JSON');
    await area.fill('{ "format": "luoscope-scenario", "typed": "by hand"');
    await expect(page.getByTestId('editor-unapplied')).toBeVisible();
    await page.getByRole('tab', { name: 'Steps' }).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect(area).toHaveValue(/"typed": "by hand"$/);
    await expect(page.getByText('unsaved changes')).toBeVisible();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('luoscope-editor-text'))).toContain('by hand');
    await page.reload();
    await waitForRun(page, 22);
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect(page.getByLabel('Scenario JSON')).toHaveValue(/"typed": "by hand"$/);
    // a link now asks before it replaces the typed text
    await page.evaluate(() => {
      location.hash = '#json=' + encodeURIComponent(JSON.stringify({ format: 'luoscope-scenario', version: 1, title: 'from a link', steps: [{ op: 'open_device', as: 'd' }] }));
    });
    await expect(page.getByRole('dialog')).toBeVisible();
  });

  test('running the typed text applies it and it stops being a separate draft', async ({ page }) => {
    await page.goto('/');
    await waitForRun(page, 22);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const area = page.getByLabel('Scenario JSON');
    await area.fill(JSON.stringify({ format: 'luoscope-scenario', version: 1, title: 'typed and run', steps: [{ op: 'open_device', as: 'd' }] }));
    await expect(page.getByTestId('editor-unapplied')).toBeVisible();
    await page.getByRole('button', { name: 'Run this scenario' }).click();
    await expect(page.getByTestId('scenario-title')).toHaveText('typed and run');
    await expect(page.getByTestId('editor-unapplied')).toBeHidden();
    await expect(area).toHaveValue(/"title": "typed and run"/);
    expect(await page.evaluate(() => localStorage.getItem('luoscope-editor-text'))).toBeNull();
  });

  test('a saved draft that no longer validates is kept and offered as a file', async ({ page }) => {
    await page.goto('/');
    await waitForRun(page, 22);
    const raw = JSON.stringify({ scenario: { format: 'luoscope-scenario', version: 99, title: 'from the future', steps: [{ op: 'teleport' }] }, dirty: true });
    await page.evaluate((r) => localStorage.setItem('luoscope-draft', r), raw);
    await page.reload();
    const banner = page.getByTestId('safe-start');
    await expect(banner).toContainText('Your saved draft could not be opened');
    expect(await page.evaluate(() => localStorage.getItem('luoscope-draft-kept'))).toBe(raw);
    const download = page.waitForEvent('download');
    await banner.getByRole('button', { name: 'Save the draft as a file' }).click();
    expect((await download).suggestedFilename()).toBe('luoscope-draft.json');
  });

  test('a second tab saving its draft is noticed in the first', async ({ page, context }) => {
    await page.goto('/');
    await waitForRun(page, 22);
    const second = await context.newPage();
    await second.goto(link({ format: 'luoscope-scenario', version: 1, title: 'second tab', steps: [{ op: 'open_device', as: 'd' }] }));
    await expect(second.getByTestId('scenario-title')).toHaveText('second tab');
    await expect(page.getByRole('status').filter({ hasText: 'Another luoscope tab saved its draft' })).toBeVisible();
    await second.close();
  });
});

test('the JSON tab shows a scenario over the editor limit read-only', async ({ page }) => {
  test.setTimeout(90_000);
  const steps = [{ op: 'open_device', as: 'd' }, ...Array.from({ length: 24_999 }, () => ({ op: 'get_name', session: 'd' }))];
  await page.goto(link({ format: 'luoscope-scenario', version: 1, title: 'too big to edit', steps }));
  await waitForRun(page, 25_000, 60_000);
  await page.getByRole('tab', { name: 'JSON' }).click();
  const view = page.getByTestId('editor-read-only');
  await expect(view).toContainText("over the editor's limit of 1,000,000");
  await expect(page.getByLabel('Scenario JSON (read-only)')).toContainText('"title": "too big to edit"');
  await expect(page.getByLabel('Scenario JSON', { exact: true })).toHaveCount(0);
});
