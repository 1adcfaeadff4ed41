// First: starts the request of the page's data while the rest of the bundle runs.
import './app/early-fetch';
import '@ecl/preset-eu/dist/styles/ecl-eu.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadWebConfig } from './app/web-config';
import { createAuth } from './auth/oidc';
import { initI18n } from './i18n/i18n';

async function main(): Promise<void> {
  const [config] = await Promise.all([loadWebConfig(), initI18n()]);
  const auth = createAuth(config, window.location.origin);
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App auth={auth} />
    </StrictMode>,
  );
}

main().catch((error: unknown) => {
  // Nothing to render with: say so plainly rather than leave a blank page.
  const root = document.getElementById('root');
  if (root) root.textContent = `Suivi could not start: ${error instanceof Error ? error.message : String(error)}`;
});
