import { expect, test } from '@playwright/test';

test('home page renders without errors under the CSP', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));

  await page.goto('/');

  await expect(page.getByRole('heading', { name: 'luoscope' })).toBeVisible();

  const csp = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(csp).toHaveCount(1);
  const content = (await csp.getAttribute('content')) ?? '';
  const directives = new Map(
    content.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);

  await page.screenshot({ path: 'test-results/smoke.png', fullPage: true });

  expect(errors).toEqual([]);
});
