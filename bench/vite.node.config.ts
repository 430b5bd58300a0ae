import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Node build of the benchmark runner: bench/node.bench.ts -> bench/dist/node/node.bench.js
// (same approach as vite.cli.config.ts: an SSR build bundling the engine sources).
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'bench/node.bench.ts',
    outDir: 'bench/dist/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: 'node.bench.js' },
    },
  },
  ssr: { target: 'node', noExternal: true },
});
