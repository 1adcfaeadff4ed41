import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env['SUIVI_API_URL'] ?? 'http://127.0.0.1:3000';

// Built into dist/apps/web, which the API serves at / (same origin: no CORS, one URL to give users).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  cacheDir: '../../node_modules/.vite/apps/web',
  plugins: [react()],
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
