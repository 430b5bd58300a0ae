import { chromium } from '@playwright/test';
const url = process.argv[2] ?? 'http://127.0.0.1:5173/';
const out = process.argv[3] ?? '/tmp/shot.png';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
const logs = [];
p.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
p.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
await p.goto(url);
await p.waitForTimeout(Number(process.argv[4] ?? 2500));
for (const k of (process.argv[5] ?? '').split(',').filter(Boolean)) { await p.keyboard.press(k); await p.waitForTimeout(150); }
await p.screenshot({ path: out });
console.log(logs.join('\n'));
await b.close();
