import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Node build of the CLI: src/cli/main.ts -> dist-cli/main.js (ES module, run by bin/luoscope.mjs).
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: {
        format: 'es',
        entryFileNames: 'main.js',
      },
    },
  },
  ssr: {
    target: 'node',
    // Bundle any npm dependency the CLI imports so dist-cli/main.js stands alone.
    noExternal: true,
  },
});
