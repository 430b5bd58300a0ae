// The exported C compiles (gcc -Werror) with no <linux/liveupdate.h>, with a header that has
// GET_NAME and with an older one that lacks it: the fallback definitions never clash.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildShim, compileC } from '../../../tools/luo-shim/build';
import { LIBRARY } from '../../scenario/library';
import { exportC } from '.';

const FIXTURES = join(__dirname, 'fixtures');

test.each([
  ['no system header', []],
  ['a header with GET_NAME (7.2+)', ['-I', join(FIXTURES, 'with-get-name')]],
  ['a header without GET_NAME (6.19-7.1)', ['-I', join(FIXTURES, 'without-get-name')]],
])('compiles with %s', async (_what, flags) => {
  const r = exportC(LIBRARY.find((e) => e.id === 'get-session-name')!.scenario);
  if (!r.ok) throw new Error(r.message);
  // the fixture include dir goes first, so its header is the one __has_include finds
  const c = await compileC(r.text, { flags });
  expect(c.error).toBeUndefined();
}, 60_000);

test('the shim compiles with -Wall -Wextra -Werror', async () => {
  await expect(buildShim()).resolves.toMatch(/\.so$/);
}, 60_000);
