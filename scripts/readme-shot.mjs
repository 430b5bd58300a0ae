// Takes docs/screenshot.png for the README from a running app (npm run dev).
import { chromium } from '@playwright/test';
const url = process.argv[2] ?? 'http://127.0.0.1:5173/';
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
await p.goto(url);
await p.waitForSelector('.react-flow__node');
// the moment after the kexec's handover, when the new kernel retrieved the FLB
await p.getByRole('tab', { name: 'Steps' }).click();
await p.getByRole('list', { name: 'Scenario steps' }).getByRole('button').nth(11).click();
await p.locator('.react-flow__controls-fitview').click();
await p.waitForTimeout(300);
await p.locator('.react-flow__node[data-id="g1/flb/hugetlb-v1"]').click();
await p.waitForTimeout(300);
await p.screenshot({ path: 'docs/screenshot.png' });
await b.close();
