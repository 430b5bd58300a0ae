// Share ▸ Kernel selftest (C): the exported C file for the scenario at hand (copy, download),
// and the refusal that names each step a selftest cannot perform.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MEMFD = JSON.parse(readFileSync(join(HERE, '..', 'src', 'scenario', 'fixtures', 'links', 'v1-memfd-survives-kexec.json'), 'utf8')) as { scenario: { title: string; steps: unknown[] } };

test.use({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });

/** One userspace step and one fault injection: userspace cannot arm the fault. */
const WITH_INJECT = {
  format: 'luoscope-scenario',
  version: 1,
  title: 'A retrieve that fails',
  kernel: { profile: 'latest', patches: [], liveupdate: true },
  boot: { modules: ['memfd'] },
  steps: [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: 'vm', as: 's' },
    { op: 'inject', target: 'memfd-v1', callback: 'retrieve', errno: 'EIO' },
  ],
};

async function open(page: Page, scenario: { title: string; steps: unknown[] }): Promise<void> {
  await page.goto(`/#json=${encodeURIComponent(JSON.stringify(scenario))}`);
  await expect(page.getByTestId('scenario-title')).toHaveText(scenario.title);
  const n = scenario.steps.length;
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^Step ${n} of ${n} · `), { timeout: 15_000 });
}

async function exportSelftest(page: Page): Promise<void> {
  await page.locator('summary', { hasText: 'Share ▾' }).click(); // the real menu, not its placeholder while it loads
  await page.getByRole('button', { name: 'Kernel selftest (C)' }).click();
}

test('exports the scenario at hand as a C selftest: header, ioctls, copy and download', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, MEMFD.scenario);
  await page.locator('summary', { hasText: 'Share ▾' }).click(); // the real menu, not its placeholder while it loads
  await expect(page.getByRole('button', { name: 'Kernel selftest (C)' })).toBeVisible();
  await page.screenshot({ path: 'test-results/export-c-menu.png' });
  await page.getByRole('button', { name: 'Kernel selftest (C)' }).click();
  const dialog = page.getByRole('dialog', { name: /^Kernel selftest \(C\): luo_a_memfd_survives_a_kexec_test\.c$/ });
  await expect(dialog).toBeVisible();
  const text = (await page.getByTestId('selftest-text').textContent()) ?? '';
  expect(text.startsWith('// SPDX-License-Identifier: GPL-2.0\n/*\n * luo_a_memfd_survives_a_kexec_test.c - a kernel selftest exported by luoscope (export-c)\n *\n * Scenario: A memfd survives a kexec')).toBe(true);
  expect(text).toContain('LIVEUPDATE_IOCTL_CREATE_SESSION');
  expect(text).toContain('.op = OP_PRESERVE_FD');
  expect(text).toMatch(/Reproduce in luoscope: http:\/\/127\.0\.0\.1:\d+\/#s=1\./);
  await page.screenshot({ path: 'test-results/export-c-dialog.png' });

  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('luo_a_memfd_survives_a_kexec_test.c');
  expect(readFileSync((await download.path())!, 'utf8')).toBe(text);
});

test('a scenario a selftest cannot perform shows the refusal naming the step, and can export it with skips', async ({ page }) => {
  await open(page, WITH_INJECT);
  await exportSelftest(page);
  const refused = page.getByTestId('selftest-refused');
  await expect(refused).toBeVisible();
  await expect(refused).toContainText('cannot be exported as a kernel selftest');
  await expect(refused).toContainText('steps[2] inject: a fault injected into memfd-v1 retrieve() happens inside the kernel');
  await expect(page.getByTestId('selftest-text')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/export-c-refused.png' });
  await page.getByRole('button', { name: 'Export with these steps skipped' }).click();
  await expect(page.getByTestId('selftest-text')).toContainText('.op = OP_SKIP');
});
