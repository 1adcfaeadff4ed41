import type { DemoUser } from '@suivi/dev-issuer';

/**
 * The development OpenID provider's own pages: sign-in (pick a demo user), sign-out and errors.
 * Plain server-rendered HTML that works without JavaScript; every value is escaped.
 */

/** The field of each sign-in form that names the demo user (its id). */
export const SIGN_IN_FIELD = 'user';
/** The one script of these pages (no inline script): it presses the sign-out button. */
export const SIGN_OUT_SCRIPT_PATH = '/sign-out.js';
export const SIGN_OUT_SCRIPT = "document.getElementById('sign-out').click();\n";

/** No inline script or style, nothing from elsewhere; forms post to this origin only. */
export const DEV_OIDC_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const ROLE_LABELS: Record<DemoUser['role'], string> = {
  'desk-officer': 'desk officer',
  delegation: 'delegation',
  reviewer: 'reviewer',
  auditor: 'auditor',
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** "Sign in as Anna Keller — desk officer, VN, LK, BD": the button's accessible name. */
export function signInLabel(user: DemoUser): string {
  const scope = user.countries.length ? user.countries.join(', ') : 'all countries';
  return `Sign in as ${user.name} — ${ROLE_LABELS[user.role]}, ${scope}`;
}

function page(title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${body}
</main>
${script ? `<script src="${escapeHtml(script)}"></script>\n` : ''}</body>
</html>
`;
}

export interface SignInPageOptions {
  /** Where each user's form posts (the interaction's login route). */
  action: string;
  users: readonly DemoUser[];
  /** Shown above the list, e.g. after an unknown user was posted. */
  error?: string;
}

/** One form per demo user, each a single button: no password, no JavaScript. */
export function signInPage({ action, users, error }: SignInPageOptions): string {
  const forms = users
    .map(
      (user) => `<li>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="${SIGN_IN_FIELD}" value="${escapeHtml(user.id)}">
<button type="submit">${escapeHtml(signInLabel(user))}</button>
</form>
</li>`,
    )
    .join('\n');
  return page(
    'Sign in · Se connecter — Suivi development issuer',
    `<h1>Sign in to Suivi <span lang="fr">· Se connecter à Suivi</span></h1>
<p><strong>Development issuer.</strong> Anyone can sign in here as one of the demo users, without a password; it never runs in production.
<span lang="fr">Émetteur de développement : chacun peut se connecter ici comme l'un des utilisateurs de démonstration, sans mot de passe ; il ne fonctionne jamais en production.</span></p>
${error ? `<p role="alert">${escapeHtml(error)}</p>\n` : ''}<ul>
${forms}
</ul>`,
  );
}

/**
 * RP-initiated sign-out: the provider's form (its CSRF token) and one button, which the page's
 * script presses at once, so that signing out asks nothing more; without JavaScript the user
 * presses it.
 */
export function signOutPage(providerForm: string, scriptUrl: string): string {
  return page(
    'Signing out · Déconnexion — Suivi development issuer',
    `<h1>Signing out of Suivi <span lang="fr">· Déconnexion de Suivi</span></h1>
${providerForm}
<button id="sign-out" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out <span lang="fr">· Se déconnecter</span></button>`,
    scriptUrl,
  );
}

export function signedOutPage(homeUrl: string): string {
  return page(
    'Signed out · Déconnecté — Suivi development issuer',
    `<h1>Signed out <span lang="fr">· Déconnecté</span></h1>
<p><a href="${escapeHtml(homeUrl)}">Back to Suivi <span lang="fr">· Retour à Suivi</span></a></p>`,
  );
}

export function errorPage(details: Record<string, unknown>, homeUrl: string): string {
  const items = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return page(
    'Sign-in error · Erreur de connexion — Suivi development issuer',
    `<h1>Sign-in failed <span lang="fr">· Échec de la connexion</span></h1>
<dl>
${items}
</dl>
<p><a href="${escapeHtml(homeUrl)}">Back to Suivi <span lang="fr">· Retour à Suivi</span></a></p>`,
  );
}
