import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

/** The development issuer signs with ECDSA P-256: small keys, fast to generate at first start. */
export const DEV_ISSUER_ALGORITHM = 'ES256';

/** The private key as a JWK (with its kid); the public half is derived from it. */
export const SIGNING_KEY_FILE = 'signing-key.jwk.json';

/** The secret that signs the development OpenID provider's cookies (base64url, 32 random bytes). */
export const COOKIE_SECRET_FILE = 'cookie-secret';

export interface DevIssuerKeys {
  kid: string;
  privateKey: KeyLike;
  /** Public half (kid, alg, use) as it appears in the JWKS. */
  publicJwk: JWK;
  /** The whole key (kid, alg, use and the private `d`): what an OpenID provider's keystore takes. */
  privateJwk: JWK;
}

/**
 * The development issuer's key pair kept in `dir`, generated there on first use (folder
 * mode 700, key file mode 600). Several processes may start at once (the API and
 * `npm run token`): each writes its candidate to a temp file and hard-links it into
 * place, which fails if a key is already there, so exactly one key wins and everyone
 * reads that one. A plain rename would let a later writer replace a key an earlier
 * process already signs with.
 */
export async function loadDevIssuerKeys(dir: string): Promise<DevIssuerKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = join(dir, SIGNING_KEY_FILE);
  const stored = (await readIfPresent(file)) ?? (await createOnce(file, await newSigningKey()));
  return toKeys(stored, file);
}

/**
 * The development OpenID provider's cookie signing secret, kept beside the key pair in `dir`
 * and generated there on first use (file mode 600), the same way and as race-free as the key.
 */
export async function loadDevIssuerCookieSecret(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = join(dir, COOKIE_SECRET_FILE);
  const stored = (await readIfPresent(file)) ?? (await createOnce(file, `${randomBytes(32).toString('base64url')}\n`));
  const secret = stored.trim();
  if (!/^[A-Za-z0-9_-]{43,}$/.test(secret)) {
    throw new Error(`${file} is not a base64url secret of 32 bytes or more; delete it to generate a new one`);
  }
  return secret;
}

/** The JWKS document of the development issuer. */
export async function devIssuerJwks(dir: string): Promise<{ keys: JWK[] }> {
  return { keys: [(await loadDevIssuerKeys(dir)).publicJwk] };
}

async function newSigningKey(): Promise<string> {
  const { privateKey } = await generateKeyPair(DEV_ISSUER_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  return `${JSON.stringify({ ...jwk, kid, alg: DEV_ISSUER_ALGORITHM, use: 'sig' })}\n`;
}

/** Writes `content` to `file` unless another process got there first; returns what is in place. */
async function createOnce(file: string, content: string): Promise<string> {
  const candidate = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(candidate, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(candidate);
  }
  // Whoever won, the file in place is the one to use.
  return readFile(file, 'utf8');
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function toKeys(text: string, file: string): Promise<DevIssuerKeys> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to generate a new development issuer key`);
  }
  const { kty, crv, x, y, d, kid } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !d || !kid) {
    throw new Error(`${file} is not a P-256 private JWK with a kid; delete it to generate a new one`);
  }
  const privateKey = (await importJWK(jwk, DEV_ISSUER_ALGORITHM)) as KeyLike;
  const publicJwk: JWK = { kty, crv, x, y, kid, alg: DEV_ISSUER_ALGORITHM, use: 'sig' };
  return { kid, privateKey, publicJwk, privateJwk: { ...publicJwk, d } };
}
