// The app as `vite build` makes it, plus a manifest (to list the first view's chunks) and a
// per-module size list (to say what the first view's JavaScript is made of), built into
// bench/dist/app so the benchmarks never touch dist/. Only for bench/; vite.config.ts is unchanged.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mergeConfig, type Plugin } from 'vite';
import base from '../vite.config';

/** bench/dist/app-modules.json: { chunk file: { module id: [rendered bytes, gzip -9 bytes of that code alone] } } */
function moduleSizes(): Plugin {
  return {
    name: 'luoscope-bench-module-sizes',
    apply: 'build',
    generateBundle(_opts, bundle) {
      const out: Record<string, Record<string, [number, number]>> = {};
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        out[file] = Object.fromEntries(Object.entries(chunk.modules).map(([id, m]) => [id, [m.renderedLength, m.code ? gzipSync(m.code, { level: 9 }).length : 0]]));
      }
      mkdirSync('bench/dist', { recursive: true });
      writeFileSync('bench/dist/app-modules.json', JSON.stringify(out));
    },
  };
}

export default mergeConfig(base, {
  logLevel: 'warn',
  plugins: [moduleSizes()],
  build: { manifest: true, outDir: 'bench/dist/app', emptyOutDir: true },
  preview: { port: 4319, strictPort: false },
});
