import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devIssuerDirForProfile, devIssuerJwks } from '@suivi/dev-issuer';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { tokenCommand } from './dev-token-command';
import { devIssuerDirFor } from './secrets';
import { profiles, repoRoot, resolveSettings } from './settings';

describe('npm run token', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'suivi-token-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    tokenCommand(args, resolveSettings('dev', { SUIVI_HOME: home }), env);

  it('prints a token the dev profile API verifies, scoped to the given countries', async () => {
    const outcome = await run(['marie', 'desk-officer', 'kh,LK']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const dir = devIssuerDirFor(resolveSettings('dev', { SUIVI_HOME: home }));
    const { payload } = await jwtVerify(outcome.stdout?.trim() ?? '', createLocalJWKSet(await devIssuerJwks(dir)), {
      issuer: 'suivi-dev-issuer',
      audience: 'suivi-api',
    });
    expect(payload).toMatchObject({ sub: 'marie', suivi_role: 'desk-officer', suivi_countries: ['KH', 'LK'] });
  });

  it('follows the AUTH_* variables the API reads', async () => {
    const outcome = await run(['ana', 'reviewer'], { AUTH_AUDIENCE: 'suivi-staging', AUTH_ROLE_CLAIM: 'role' });
    const dir = devIssuerDirFor(resolveSettings('dev', { SUIVI_HOME: home }));
    const { payload } = await jwtVerify(outcome.stdout?.trim() ?? '', createLocalJWKSet(await devIssuerJwks(dir)), {
      audience: 'suivi-staging',
    });
    expect(payload).toMatchObject({ sub: 'ana', role: 'reviewer', suivi_countries: [] });
  });

  it('refuses to run in production mode, with exit code 1 and no token', async () => {
    const outcome = await run(['marie', 'reviewer'], { NODE_ENV: 'production' });
    expect(outcome).toEqual({ code: 1, stderr: expect.stringMatching(/refuses to run with NODE_ENV=production/) });
  });

  it.each([
    [['marie', 'administrator'], /unknown role "administrator"/],
    [['marie', 'delegation', 'KH,Cambodia'], /not ISO country codes: CAMBODIA/],
    [['marie'], /usage: npm run token/],
    [['marie', 'reviewer', 'KH', 'extra'], /usage: npm run token/],
  ])('answers %j with usage exit code 2 and no token', async (args, message) => {
    const outcome = await run(args);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBeUndefined();
    expect(outcome.stderr).toMatch(message);
  });

  it('writes the key where the shared library looks for each profile', () => {
    for (const profile of profiles) {
      expect(devIssuerDirForProfile(profile, home)).toBe(
        devIssuerDirFor(resolveSettings(profile, { SUIVI_HOME: home })),
      );
    }
  });

  it('prints only the token on stdout and refuses production, through the launcher', () => {
    const cli = (args: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra', 'src', 'cli.ts'), 'token', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'],
          SUIVI_HOME: home,
          TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json'),
          ...env,
        },
      });
    const ok = cli(['sok', 'delegation', 'KH', '--profile', 'e2e'], {});
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const refused = cli(['sok', 'delegation', 'KH'], { NODE_ENV: 'production' });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/NODE_ENV=production/);
  }, 60_000);
});
