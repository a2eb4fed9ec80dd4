// A real OpenID provider (panva/node-oidc-provider) for ConsoleMe's OIDC integration tests.
//
// Configuration (environment variables; the first command line argument may give the port):
//   OIDC_PORT                     TCP port on 127.0.0.1 (required, or argv[2])
//   OIDC_ISSUER                   issuer URL; default http://127.0.0.1:<port>. Give another URL
//                                 only when a reverse proxy that keeps the Host header fronts us.
//   OIDC_CLIENT_ID                confidential client (client_secret_basic); default "consoleme"
//   OIDC_CLIENT_SECRET            its secret; default a random one (printed nowhere)
//   OIDC_REDIRECT_URIS            comma-separated redirect URIs registered for every client
//   OIDC_SIGNING_JWK              private JWK (JSON, with "kid") to sign ID tokens with, so that
//                                 tests can mint tokens with the provider's own key; default: a
//                                 fresh RSA key
//   OIDC_ACCOUNTS                 JSON {login: [groups]}; logins not listed are refused
//   OIDC_CONFORM_ID_TOKEN_CLAIMS  "1": thin ID tokens (only sub; email and groups from userinfo)
//
// Besides the confidential client, "<client id>-post" (client_secret_post, same secret) and
// "<client id>-public" (no secret, PKCE only) are registered.
//
// Interactions are our own, small and scriptable: GET /interaction/<uid> shows a form;
// POST /interaction/<uid>/login with login=<name>, POST /interaction/<uid>/confirm to consent,
// GET or POST /interaction/<uid>/abort to refuse (the client gets error=access_denied).
// When listening, one line "READY <issuer>" is printed on stdout.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] || process.env.OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('set OIDC_PORT (or pass the port as the first argument)');
  process.exit(2);
}
const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'consoleme';
const clientSecret = process.env.OIDC_CLIENT_SECRET || randomBytes(24).toString('base64url');
const redirectUris = (process.env.OIDC_REDIRECT_URIS || '').split(',').filter(Boolean);
const accounts = process.env.OIDC_ACCOUNTS
  ? JSON.parse(process.env.OIDC_ACCOUNTS)
  : { 'alice@example.com': ['engineering'], 'bob@example.com': ['data-science'] };

function signingKey() {
  if (process.env.OIDC_SIGNING_JWK) return JSON.parse(process.env.OIDC_SIGNING_JWK);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig' };
}

const client = (suffix, method, extra) => ({
  client_id: `${clientId}${suffix}`,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: method,
  ...extra,
});

const provider = new Provider(issuer, {
  clients: [
    client('', 'client_secret_basic', { client_secret: clientSecret }),
    client('-post', 'client_secret_post', { client_secret: clientSecret }),
    client('-public', 'none', {}),
  ],
  jwks: { keys: [signingKey()] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  conformIdTokenClaims: process.env.OIDC_CONFORM_ID_TOKEN_CLAIMS === '1',
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, email: id, email_verified: true, name: id.split('@')[0], groups: accounts[id],
        };
      },
    };
  },
});

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, title, body) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function showInteraction(req, res, uid) {
  const { prompt, params } = await provider.interactionDetails(req, res);
  const abort = `<a href="/interaction/${uid}/abort">Cancel</a>`;
  if (prompt.name === 'login') {
    return page(res, 'Sign in', `<h1>Sign in to ${escapeHtml(params.client_id)}</h1>
<form method="post" action="/interaction/${uid}/login">
<input name="login" autofocus> <button type="submit">Sign in</button></form>${abort}`);
  }
  return page(res, 'Authorize', `<h1>Allow ${escapeHtml(params.client_id)}?</h1>
<p>Scopes: ${escapeHtml(params.scope)}</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>${abort}`);
}

async function login(req, res) {
  const name = (await formBody(req)).get('login') || '';
  if (!Object.hasOwn(accounts, name)) {
    const error = { error: 'access_denied', error_description: 'unknown user' };
    return provider.interactionFinished(req, res, error, { mergeWithLastSubmission: false });
  }
  return provider.interactionFinished(
    req, res, { login: { accountId: name } }, { mergeWithLastSubmission: false },
  );
}

async function confirm(req, res) {
  const { prompt: { details }, grantId, session, params } = await provider.interactionDetails(req, res);
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  const result = { consent: { grantId: await grant.save() } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function abort(req, res) {
  const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function interaction(req, res, uid, action) {
  try {
    if (req.method === 'GET' && !action) return await showInteraction(req, res, uid);
    if (req.method === 'POST' && action === 'login') return await login(req, res);
    if (req.method === 'POST' && action === 'confirm') return await confirm(req, res);
    if (action === 'abort') return await abort(req, res);
    res.writeHead(405).end();
  } catch (err) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`interaction failed: ${err.message}`);
  }
  return undefined;
}

const oidcCallback = provider.callback();
const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

const server = createServer((req, res) => {
  const match = INTERACTION.exec(new URL(req.url, issuer).pathname);
  if (match) {
    interaction(req, res, match[1], match[2]);
  } else {
    oidcCallback(req, res);
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

server.listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
});
