#!/usr/bin/env node
// Writes the share-link fixtures that are missing (src/scenario/fixtures/write-links.ts):
//   node scripts/write-link-fixtures.mjs
// Vite loads the TypeScript; nothing here is a test.
import { createServer } from 'vite';

const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
try {
  const { writeMissingLinkFixtures } = await server.ssrLoadModule('/src/scenario/fixtures/write-links.ts');
  const written = writeMissingLinkFixtures();
  console.log(written.length ? `wrote ${written.join(', ')}` : 'every link fixture exists already');
} finally {
  await server.close();
}
