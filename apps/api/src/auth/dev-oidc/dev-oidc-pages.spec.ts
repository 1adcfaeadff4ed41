import { DEMO_USERS, findDemoUser, type DemoUser } from '@suivi/dev-issuer';
import { escapeHtml, errorPage, SIGN_IN_FIELD, signInLabel, signInPage, signOutPage } from './dev-oidc-pages';

describe('the development OpenID provider pages', () => {
  const action = '/dev-issuer/interaction/u1/login';

  it('list one form per demo user, each a single labelled button, in an accessible page without script', () => {
    const page = signInPage({ action, users: DEMO_USERS });
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toMatch(/<main>[\s\S]*<h1>Sign in to Suivi <span lang="fr">· Se connecter à Suivi<\/span><\/h1>/);
    expect(page).toContain('Development issuer.');
    expect(page).not.toContain('<script');
    expect(page.match(/<form method="post" action="\/dev-issuer\/interaction\/u1\/login">/g)).toHaveLength(
      DEMO_USERS.length,
    );
    for (const user of DEMO_USERS) {
      expect(page).toContain(`<input type="hidden" name="${SIGN_IN_FIELD}" value="${user.id}">`);
      expect(page).toContain(`<button type="submit">${escapeHtml(signInLabel(user))}</button>`);
    }
  });

  it('name each user with role and countries', () => {
    const label = (id: string) => signInLabel(findDemoUser(id) as DemoUser);
    expect(label('demo.desk-officer')).toBe('Sign in as Anna Keller — desk officer, VN, LK, BD');
    expect(label('demo.delegation-vn')).toBe('Sign in as Camille Martin — delegation, VN');
    expect(label('demo.reviewer')).toBe('Sign in as Jonas Berg — reviewer, all countries');
  });

  it('escape every value', () => {
    const mallory: DemoUser = {
      id: '"><script>x</script>',
      name: '<img src=x onerror=alert(1)>',
      email: 'm@example.org',
      locale: 'en',
      zoneinfo: 'UTC',
      role: 'auditor',
      countries: [],
    };
    const page = signInPage({ action: '/a?b="c"&d', users: [mallory], error: '<b>unknown</b>' });
    expect(page).not.toMatch(/<script>|<img|<b>/);
    expect(page).toContain('action="/a?b=&quot;c&quot;&amp;d"');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<p role="alert">&lt;b&gt;unknown&lt;/b&gt;</p>');
    expect(errorPage({ error: "<i>'x'</i>", skipped: undefined }, '/')).toContain(
      '<dt>error</dt><dd>&lt;i&gt;&#39;x&#39;&lt;/i&gt;</dd>',
    );
  });

  it('sign out with the provider form and a button its one external script presses', () => {
    const page = signOutPage('<form id="op.logoutForm"></form>', '/dev-issuer/sign-out.js');
    expect(page).toContain('<button id="sign-out" type="submit" form="op.logoutForm" name="logout" value="yes">');
    expect(page).toContain('<script src="/dev-issuer/sign-out.js"></script>');
    expect(page.match(/<script/g)).toHaveLength(1);
  });
});
