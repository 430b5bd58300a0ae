/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * What a static host should send with every file (README "Serving the built app"): a
 * <meta> CSP cannot set frame-ancestors, so only a header stops the page being framed.
 * `vite preview` sends them.
 */
export const STATIC_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${CSP}; frame-ancestors 'none'; form-action 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * Injects a Content-Security-Policy meta tag into the built index.html.
 * Build only: the dev server injects an inline React-refresh preamble that this CSP would block.
 */
function cspMeta(): Plugin {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${CSP}" />`;
  return {
    name: 'luoscope-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // After <meta charset> (which must stay first) and before every script and stylesheet.
      handler(html) {
        const charset = /<meta\s+charset=[^>]*>/i.exec(html);
        if (charset) {
          const end = charset.index + charset[0].length;
          return `${html.slice(0, end)}\n    ${tag}${html.slice(end)}`;
        }
        return html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`);
      },
    },
  };
}

/**
 * The tours' stop positions and traces, computed by the engine in Node at build time
 * (src/tours/build-data.ts, loaded through Vite's module runner, not bundled into the config).
 */
function tourData(): Plugin {
  const id = 'virtual:luoscope/tour-data';
  const file = fileURLToPath(new URL('./src/tours/build-data.ts', import.meta.url));
  return {
    name: 'luoscope-tour-data',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    async load(source) {
      if (source !== `\0${id}`) return null;
      const { module } = await runnerImport<typeof import('./src/tours/build-data')>(file, { configFile: false, logLevel: 'error' });
      return `export default ${JSON.stringify(module.buildTourData())};`;
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), cspMeta(), tourData()],
  resolve: {
    alias: {
      // React 19 has useSyncExternalStore: React Flow's zustand need not bring the shim for older Reacts
      'use-sync-external-store/shim/with-selector.js': 'use-sync-external-store/with-selector.js',
    },
  },
  // every browser the app supports has <link rel="modulepreload">: no polyfill in the first view
  build: { modulePreload: { polyfill: false } },
  worker: { format: 'es' },
  preview: { port: 4173, strictPort: true, headers: STATIC_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tools/**/*.test.ts'],
    environment: 'node',
    passWithNoTests: false,
    // the suite must pass on a slow, loaded 2-core machine: no test is timed, so give each room
    testTimeout: 60_000,
  },
});
