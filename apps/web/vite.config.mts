import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';

const api = process.env['SUIVI_API_URL'] ?? 'http://127.0.0.1:3000';

const CHARSET = '<meta charset="utf-8" />';

/**
 * The cycle page's early request (src/app/early-fetch-start.ts) as an inline script right after
 * index.html's charset: it runs as soon as the HTML is parsed, while the app's bundle is still
 * being loaded and compiled, which delayed the request by ~25 ms when it was the bundle's first
 * module (bench:web). Built on its own (a few hundred bytes, no React). The API allows it by its
 * hash (web-app.middleware.ts), so the Content-Security-Policy still refuses any other inline
 * script. Under `vite` (development) the bundle starts the request itself (early-fetch.ts).
 */
function inlineEarlyFetch(): Plugin {
  let script = '';
  return {
    name: 'suivi-inline-early-fetch',
    apply: 'build',
    async buildStart() {
      const built = await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          emptyOutDir: false,
          minify: true,
          target: 'es2022',
          lib: {
            entry: resolve(import.meta.dirname, 'src/app/early-fetch.inline.ts'),
            formats: ['iife'],
            name: 'suiviEarlyFetch',
          },
        },
      });
      const output = (Array.isArray(built) ? built[0] : built) as Rolldown.RolldownOutput;
      script = output.output[0].code.trim();
      if (!script || script.includes('</script')) throw new Error('the early-fetch script cannot be inlined');
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (!html.includes(CHARSET)) throw new Error(`index.html: no ${CHARSET} to place the early-fetch script after`);
        return html.replace(CHARSET, `${CHARSET}\n    <script>${script}</script>`);
      },
    },
  };
}

// Built into dist/apps/web, which the API serves at / (same origin: no CORS, one URL to give users).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  cacheDir: '../../node_modules/.vite/apps/web',
  plugins: [react(), inlineEarlyFetch()],
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  // `npx nx run web:serve` for work on the screens: the API runs beside it (npm start).
  server: {
    host: '127.0.0.1',
    port: 4200,
    proxy: Object.fromEntries(
      ['/v1', '/dev-issuer', '/web-config.json', '/openapi.json', '/health'].map((p) => [p, api]),
    ),
  },
});
