// Tours in Chromium: walk one forward and back, answer a prediction, deep-link into the middle.
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1280, height: 720 } });

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

const progress = (page: Page) => page.getByTestId('tour-progress');
const counter = (page: Page) => page.getByTestId('step-counter');

test('start a tour from the Learn tab, walk it forward and back, answer a prediction', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Learn' }).click();
  await page.getByRole('button', { name: /Start the tour: What survives a kexec/ }).click();
  await expect(progress(page)).toHaveText('Stop 1 of 11');
  await expect(page.getByTestId('tour')).toContainText('A kexec forgets everything');
  await expect(page.getByTestId('scenario-title')).toHaveText('Tour: what survives a kexec');
  await expect(page).toHaveURL(/#tour=what-survives&stop=1$/);

  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(progress(page)).toHaveText('Stop 2 of 11');
  await expect(page.getByTestId('tour')).toContainText('A session is a named container');
  const atStop2 = await counter(page).textContent();

  // stop 3 predicts: the timeline waits before the preserve
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(progress(page)).toHaveText('Stop 3 of 11');
  const predict = page.getByRole('group', { name: 'Predict' });
  await expect(predict).toContainText('Which callback does it call');
  const before = await counter(page).textContent();
  expect(before).toBe(atStop2);
  await predict.getByRole('button', { name: 'get_id() on the file' }).click();
  await expect(page.getByTestId('tour').getByRole('status')).toContainText('Not quite');
  await expect(page.getByTestId('tour').getByRole('status')).toContainText('can_preserve');
  await expect(counter(page)).not.toHaveText(before!);
  await expect(page.locator('.react-flow__node[data-id="g0/s/1/t/1"]')).toContainText('token 1');

  // back keeps the answer, forward again shows the revealed stop
  await page.getByRole('button', { name: '◀ Back' }).click();
  await expect(progress(page)).toHaveText('Stop 2 of 11');
  await expect(counter(page)).toHaveText(atStop2!);
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(page.getByRole('group', { name: 'Predict' })).toHaveCount(0);
  await expect(page.getByTestId('tour')).toContainText('Preserving a file');
  await page.screenshot({ path: 'test-results/tour-prediction.png' });
  expect(errors).toEqual([]);
});

test('a deep link opens a tour in the middle, at the right point of the timeline', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#tour=what-survives&stop=9');
  await expect(progress(page)).toHaveText('Stop 9 of 11');
  // stop 9 predicts the ENOENT of RETRIEVE_SESSION("cache"): answer right
  const predict = page.getByRole('group', { name: 'Predict' });
  await expect(predict).toContainText('RETRIEVE_SESSION("cache")');
  await expect(page.getByText('latest · gen 1')).toBeVisible();
  await predict.getByRole('button', { name: 'ENOENT', exact: true }).click();
  await expect(page.getByTestId('tour').getByRole('status')).toContainText('Right');
  await expect(page.getByTestId('explain')).toContainText('ENOENT');
  await expect(page).toHaveURL(/#tour=what-survives&stop=9$/);
  expect(errors).toEqual([]);
});

test('a link to a tour this luoscope does not have shows an alert', async ({ page }) => {
  await page.goto('/#tour=nope&stop=2');
  await expect(page.getByRole('alert')).toContainText('tour "nope"');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
});

test('the glossary is searchable', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Learn' }).click();
  await page.getByRole('searchbox', { name: 'Search the glossary' }).fill('File-Lifecycle');
  await expect(page.getByRole('region', { name: 'Glossary' }).locator('dt')).toContainText(['FLB']);
});
