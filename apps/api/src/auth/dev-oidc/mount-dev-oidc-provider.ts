import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@suivi/config';
import {
  DEMO_USERS,
  DEV_OIDC_SCOPE,
  findDemoUser,
  loadDevIssuerCookieSecret,
  loadDevIssuerKeys,
} from '@suivi/dev-issuer';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { apiPublicUrlOf, devOidcIssuerOf } from './dev-oidc-issuer';
import { API_RESOURCE_SCOPE, apiResourceOf, devOidcConfiguration, type OidcGrant } from './dev-oidc-configuration';
import {
  DEV_OIDC_PAGE_HEADERS,
  SIGN_IN_FIELD,
  SIGN_OUT_SCRIPT,
  SIGN_OUT_SCRIPT_PATH,
  errorPage,
  signInPage,
} from './dev-oidc-pages';

/** The little of oidc-provider's Provider the API uses. */
interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: { missingOIDCClaims?: string[] } };
  params: { client_id?: string };
  session?: { accountId?: string };
  grantId?: string;
}
interface DevOidcProvider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: Record<string, unknown>,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  Grant: {
    new (properties: { clientId: string; accountId: string }): DevOidcGrant;
    find(id: string): Promise<DevOidcGrant | undefined>;
  };
}
interface DevOidcGrant extends OidcGrant {
  addOIDCClaims(claims: string[]): void;
}
interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => DevOidcProvider;
  errors: { InvalidTarget: new () => Error; SessionNotFound: new () => Error };
}

const MAX_FORM_BYTES = 4096;

/**
 * Mounts the development OpenID provider (oidc-provider, OpenID Certified) at
 * `<API_PUBLIC_URL>/dev-issuer`, before Nest's routes: discovery, authorization, token, JWKS
 * (`/dev-issuer/jwks.json`), end session, and the sign-in page where one picks a demo user.
 * Call only with AUTH_DEV_ISSUER_DIR set (never in production). oidc-provider is an ES module
 * loaded here on demand, so that nothing the API's Jest tests load requires it.
 */
export async function mountDevOidcProvider(
  app: NestExpressApplication,
  config: ApiConfig,
  logger: Logger,
): Promise<string> {
  const issuer = devOidcIssuerOf(config);
  if (!issuer || !config.AUTH_DEV_ISSUER_DIR)
    throw new Error('the development OpenID provider needs AUTH_DEV_ISSUER_DIR');
  const apiPublicUrl = apiPublicUrlOf(config);
  const issuerPath = new URL(issuer).pathname.replace(/\/+$/, '');
  const [oidc, keys, cookieSecret] = await Promise.all([
    import('oidc-provider') as Promise<OidcProviderModule>,
    loadDevIssuerKeys(config.AUTH_DEV_ISSUER_DIR),
    loadDevIssuerCookieSecret(config.AUTH_DEV_ISSUER_DIR),
  ]);
  const provider = new oidc.default(
    issuer,
    devOidcConfiguration({
      issuer,
      apiPublicUrl,
      signingJwk: keys.privateJwk,
      cookieSecret,
      audience: config.AUTH_AUDIENCE,
      roleClaim: config.AUTH_ROLE_CLAIM,
      countriesClaim: config.AUTH_COUNTRIES_CLAIM,
      invalidTarget: () => new oidc.errors.InvalidTarget(),
    }),
  );
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'development OpenID provider error'));
  // Why a token request was refused (the answer itself only says invalid_grant).
  provider.on('grant.error', (_ctx, error) =>
    logger.info(
      { reason: (error as { error_detail?: string }).error_detail },
      'development OpenID provider refused a grant',
    ),
  );

  const home = `${apiPublicUrl}/`;
  const sendHtml = (response: Response, status: number, body: string) =>
    response.status(status).set(DEV_OIDC_PAGE_HEADERS).type('html').send(body);
  // An interaction whose cookie is gone or expired (a stale tab, a second sign-in elsewhere).
  const interactionProblem = (response: Response, error: unknown, next: NextFunction) => {
    if (error instanceof oidc.errors.SessionNotFound) {
      sendHtml(
        response,
        400,
        errorPage({ error: 'This sign-in has expired or was already used; start again from the app.' }, home),
      );
      return;
    }
    next(error);
  };

  app.use(`${issuerPath}${SIGN_OUT_SCRIPT_PATH}`, (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    response
      .set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' })
      .type('text/javascript')
      .send(SIGN_OUT_SCRIPT);
  });

  // The sign-in page: one button per demo user.
  app.use(`${issuerPath}/interaction/:uid`, async (request: Request, response: Response, next: NextFunction) => {
    const loginRoute = request.path === '/login';
    if (!(request.path === '/' && request.method === 'GET') && !(loginRoute && request.method === 'POST'))
      return next();
    try {
      const details = await provider.interactionDetails(request, response);
      if (details.uid !== request.params['uid']) {
        sendHtml(response, 400, errorPage({ error: 'This sign-in does not match this browser session.' }, home));
        return;
      }
      const action = `${issuerPath}/interaction/${encodeURIComponent(details.uid)}/login`;
      if (details.prompt.name !== 'login') {
        // Consent is never asked of Suivi's own web app (loadExistingGrant grants it at once);
        // should the provider still ask, the grant is given here, without a page.
        await provider.interactionFinished(
          request,
          response,
          { consent: { grantId: await grantAll(provider, details, apiResourceOf(apiPublicUrl)) } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      if (!loginRoute) {
        sendHtml(response, 200, signInPage({ action, users: DEMO_USERS }));
        return;
      }
      const user = findDemoUser((await readForm(request)).get(SIGN_IN_FIELD) ?? '');
      if (!user) {
        sendHtml(response, 400, signInPage({ action, users: DEMO_USERS, error: 'Unknown demo user.' }));
        return;
      }
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: user.id } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      interactionProblem(response, error, next);
    }
  });

  app.use(issuerPath, provider.callback());
  return issuer;
}

/** Every scope and claim the web app asks for, on the interaction's grant. */
async function grantAll(provider: DevOidcProvider, details: InteractionDetails, apiResource: string): Promise<string> {
  const { accountId } = details.session ?? {};
  const clientId = details.params.client_id;
  if (!accountId || !clientId) throw new Error('consent asked without a signed-in user or a client');
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ clientId, accountId });
  grant.addOIDCScope(DEV_OIDC_SCOPE);
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  grant.addResourceScope(apiResource, API_RESOURCE_SCOPE);
  return grant.save();
}

/** An application/x-www-form-urlencoded body of a few fields. */
async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return new URLSearchParams();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
