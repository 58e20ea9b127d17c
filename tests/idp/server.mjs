// The tests' OpenID Connect provider: oidc-provider (npm, pinned in scripts/lib.sh) serving several issuers under paths
// of one loopback port, plus what the tests need around it: key rotation and a Microsoft Graph stand-in.
//
//   node tests/idp/server.mjs CONFIG.json        (PARALUS_OIDC_PROVIDER_DIR = the npm prefix test.sh installs into)
//
// CONFIG: { "port": 0, "issuers": { "/corp": { "clients": [...], "accounts": {...}, "resources": [...], "graphPageSize": 100 } } }
//   clients: oidc-provider client metadata (client_id, client_secret, redirect_uris, grant_types, ...).
//   accounts: { "<id>": { claims... } }; the id is what the login form takes and becomes `sub`. Any claim is emitted in
//     the ID token; "overage": true keeps `groups` out of tokens and emits `_claim_names`/`_claim_sources` instead, as
//     Entra does past 200 groups (the groups stay readable through the Graph stand-in); "roles" are directory roles that
//     only the Graph stand-in lists.
//   resources: audiences of client_credentials JWT access tokens (default https://graph.microsoft.com), requested as
//     `scope=<resource>/.default` as with Entra, or with RFC 8707 `resource=`.
// Prints one line {"port":N,"issuers":{"/corp":"http://127.0.0.1:N/corp",...}} on stdout when ready; exits when stdin
// closes (so a killed test run leaves no orphan) or on SIGTERM.
//
// Test-only endpoints:
//   POST /__rotate?issuer=/corp            new signing key first in the JWKS, the old ones kept
//   POST /__rotate?issuer=/corp&drop=true  only the newest key remains
//   PUT  /__account?issuer=/corp&id=alice  replaces (or adds) an account's claims with the JSON body
//   GET  /graph/v1.0/users/{oid}/transitiveMemberOf   Graph stand-in (bearer JWT of a configured issuer, aud Graph)
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// stdout carries exactly the ready line: oidc-provider prints its NOTICEs with console.info.
console.info = console.warn;
console.log = console.error;

const providerDir = process.env.PARALUS_OIDC_PROVIDER_DIR;
if (!providerDir) {
  console.error('PARALUS_OIDC_PROVIDER_DIR is not set; run ./test.sh (it installs oidc-provider)');
  process.exit(2);
}
// ESM ignores NODE_PATH, so the package is imported by its absolute path.
const packageDir = path.join(providerDir, 'node_modules', 'oidc-provider');
const { main } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const { default: Provider, errors } = await import(pathToFileURL(path.join(packageDir, main)).href);

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const graphResource = 'https://graph.microsoft.com';
const standardClaims = {
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
};

function newKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
}

// Each issuer keeps its own storage, so a code or token of one issuer is unknown at another (as between real IdPs),
// and the storage outlives the Provider rebuilt on key rotation (sessions and refresh tokens survive a rotation).
// Linear scans are fine at test sizes; oidc-provider checks expiry itself.
function memoryAdapter() {
  const rows = new Map();
  return class {
    constructor(model) { this.model = model; }
    key(id) { return `${this.model}:${id}`; }
    async upsert(id, payload) { rows.set(this.key(id), { ...payload }); }
    async find(id) { return rows.get(this.key(id)); }
    async findByUid(uid) { return this.where((p) => p.uid === uid); }
    async findByUserCode(userCode) { return this.where((p) => p.userCode === userCode); }
    async consume(id) { const row = rows.get(this.key(id)); if (row) row.consumed = Math.floor(Date.now() / 1000); }
    async destroy(id) { rows.delete(this.key(id)); }
    // Called when a code is replayed: everything issued from that grant is revoked, as RFC 6749 §4.1.2 asks.
    async revokeByGrantId(grantId) { for (const [k, p] of rows) if (p.grantId === grantId) rows.delete(k); }
    where(match) {
      for (const [k, p] of rows) if (k.startsWith(`${this.model}:`) && match(p)) return p;
      return undefined;
    }
  };
}

function accountClaims(issuer, id) {
  const { overage, roles, ...claims } = issuer.accounts[id];
  claims.sub = id;
  if (overage) {
    // The shape Entra uses; its endpoint is never meant to be called (relying parties use Graph instead).
    delete claims.groups;
    claims._claim_names = { groups: 'src1' };
    claims._claim_sources = { src1: { endpoint: `${issuer.base}/graph/v1.0/users/${claims.oid ?? id}/getMemberObjects` } };
  }
  return claims;
}

function buildProvider(issuer) {
  // Every non-standard claim an account has (groups, tid, oid, ...) rides on the openid scope, so it is always emitted.
  const known = new Set(Object.values(standardClaims).flat());
  const custom = new Set(Object.values(issuer.accounts).flatMap((a) => Object.keys(a)));
  ['overage', 'roles', 'sub'].forEach((k) => custom.delete(k));
  const provider = new Provider(issuer.url, {
    adapter: issuer.adapter,
    clients: issuer.clients.map((c) => ({
      grant_types: ['authorization_code'],
      ...c,
      response_types: (c.grant_types ?? ['authorization_code']).includes('authorization_code') ? ['code'] : [],
    })),
    jwks: { keys: issuer.keys },
    pkce: { required: () => true }, // S256 only (oidc-provider's default methods)
    conformIdTokenClaims: false, // claims go into the ID token, not only to userinfo
    claims: { openid: ['sub', ...[...custom].filter((c) => !known.has(c))], ...standardClaims },
    features: {
      devInteractions: { enabled: true }, // login form takes any account id, no password check
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Entra names the resource in the scope (`https://graph.microsoft.com/.default`); client credentials always have one.
        defaultResource(ctx, client, oneOf) {
          if (oneOf) return oneOf;
          const scoped = (ctx.oidc.params.scope ?? '').split(' ').find((s) => s.endsWith('/.default'));
          if (scoped) return scoped.slice(0, -'/.default'.length);
          return ctx.oidc.params.grant_type === 'client_credentials' ? issuer.resources[0] : undefined;
        },
        getResourceServerInfo(ctx, resource) {
          if (!issuer.resources.includes(resource)) throw new errors.InvalidTarget();
          return { scope: `${resource}/.default`, audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
        useGrantedResource: () => true,
      },
    },
    // As Entra and Okta do for a client allowed the grant: no prompt=consent needed for offline access.
    issueRefreshToken: (ctx, client) => client.grantTypeAllowed('refresh_token'),
    extraTokenClaims: () => (issuer.tid ? { tid: issuer.tid } : undefined),
    async findAccount(ctx, id) {
      if (!issuer.accounts[id]) return undefined;
      return { accountId: id, claims: async () => accountClaims(issuer, id) };
    },
    // Explicit lifetimes (also silences oidc-provider's notices about the defaults).
    ttl: {
      AccessToken: 3600, AuthorizationCode: 60, ClientCredentials: 3600, DeviceCode: 600, Grant: 86400, IdToken: 3600,
      Interaction: 600, RefreshToken: 86400, Session: 86400,
    },
  });
  provider.proxy = false;
  return provider;
}

const issuers = new Map(); // path -> state
function setUp(base) {
  for (const [issuerPath, c] of Object.entries(config.issuers)) {
    const prefix = issuerPath === '/' ? '' : issuerPath.replace(/\/$/, '');
    const issuer = {
      prefix,
      base,
      url: `${base}${prefix}`,
      clients: c.clients ?? [],
      accounts: c.accounts ?? {},
      resources: c.resources ?? [graphResource],
      graphPageSize: c.graphPageSize ?? 100,
      tid: c.tid,
      keys: [newKey()],
      adapter: memoryAdapter(),
    };
    issuer.provider = buildProvider(issuer);
    issuer.handle = issuer.provider.callback();
    issuers.set(prefix || '/', issuer);
  }
}

function issuerForPath(urlPath) {
  // Longest prefix wins, so "/" can serve beside "/corp".
  let best;
  for (const issuer of issuers.values()) {
    const p = issuer.prefix;
    if ((p === '' || urlPath === p || urlPath.startsWith(`${p}/`)) && (!best || p.length > best.prefix.length)) best = issuer;
  }
  return best;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function rotate(issuer, drop) {
  issuer.keys = drop ? issuer.keys.slice(0, 1) : [newKey(), ...issuer.keys];
  // oidc-provider's keystore is fixed at construction: rebuild it (same storage, so nothing issued is lost).
  issuer.provider = buildProvider(issuer);
  issuer.handle = issuer.provider.callback();
  return { kids: issuer.keys.map((k) => k.kid) };
}

// Graph checks its bearer token: RS256, signed by a current key of the issuer it names, unexpired, audience Graph.
function verifyGraphToken(authorization) {
  const [scheme, token] = (authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) return 'no bearer token';
  const [h, p, s] = token.split('.');
  if (!s) return 'not a JWT';
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const issuer = [...issuers.values()].find((i) => i.url === payload.iss);
  if (!issuer) return `unknown issuer ${payload.iss}`;
  if (header.alg !== 'RS256') return `alg ${header.alg} refused`;
  const key = issuer.keys.find((k) => k.kid === header.kid);
  if (!key) return `unknown kid ${header.kid}`;
  const publicKey = crypto.createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
  if (!crypto.verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return 'bad signature';
  if (!(payload.exp > Date.now() / 1000)) return 'expired';
  const audiences = [payload.aud].flat();
  if (!audiences.includes(graphResource)) return `audience ${audiences.join(',')} is not ${graphResource}`;
  return undefined;
}

// GET /graph/v1.0/users/{oid}/transitiveMemberOf[?$top=N][&$skiptoken=K]: the account's groups (and directory roles,
// which a caller must filter out), paged with @odata.nextLink like Graph.
function graph(req, res, url) {
  const match = /^\/graph\/v1\.0\/users\/([^/]+)\/transitiveMemberOf$/.exec(url.pathname);
  if (!match || req.method !== 'GET') return send(res, 404, { error: { code: 'Request_ResourceNotFound', message: 'no such Graph path' } });
  const refused = verifyGraphToken(req.headers.authorization);
  if (refused) return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: refused } });
  const oid = decodeURIComponent(match[1]);
  let found;
  for (const issuer of issuers.values()) {
    for (const [id, a] of Object.entries(issuer.accounts)) if ((a.oid ?? id) === oid) found = { issuer, account: a };
  }
  if (!found) return send(res, 404, { error: { code: 'Request_ResourceNotFound', message: `user ${oid} not found` } });
  const members = [
    ...(found.account.groups ?? []).map((g) => ({ '@odata.type': '#microsoft.graph.group', id: g, displayName: g })),
    ...(found.account.roles ?? []).map((r) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: r, displayName: r })),
  ];
  const top = Math.min(Number(url.searchParams.get('$top') ?? found.issuer.graphPageSize), found.issuer.graphPageSize);
  const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
  const body = { '@odata.context': `${found.issuer.base}/graph/v1.0/$metadata#directoryObjects`, value: members.slice(skip, skip + top) };
  if (skip + top < members.length) {
    // Graph's links keep the query options, with `$` unescaped.
    const options = [...url.searchParams].filter(([k]) => k !== '$skiptoken').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    body['@odata.nextLink'] = `${found.issuer.base}${url.pathname}?${[...options, `$skiptoken=${skip + top}`].join('&')}`;
  }
  return send(res, 200, body);
}

async function testEndpoint(req, res, url) {
  const issuer = issuers.get(url.searchParams.get('issuer') ?? '');
  if (!issuer) return send(res, 404, { error: `no issuer ${url.searchParams.get('issuer')}` });
  if (url.pathname === '/__rotate' && req.method === 'POST') return send(res, 200, rotate(issuer, url.searchParams.get('drop') === 'true'));
  if (url.pathname === '/__account' && req.method === 'PUT' && url.searchParams.get('id')) {
    issuer.accounts[url.searchParams.get('id')] = JSON.parse(await readBody(req));
    return send(res, 200, {});
  }
  return send(res, 404, { error: 'unknown test endpoint' });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuers.values().next().value.base);
  if (url.pathname.startsWith('/__')) return testEndpoint(req, res, url).catch((e) => send(res, 500, { error: String(e) }));
  if (url.pathname.startsWith('/graph/')) return graph(req, res, url);
  const issuer = issuerForPath(url.pathname);
  if (!issuer) return send(res, 404, { error: 'no issuer here' });
  // oidc-provider builds its endpoint URLs from originalUrl (with the prefix) and routes on url (without it).
  req.originalUrl = req.url;
  req.url = req.url.slice(issuer.prefix.length) || '/';
  if (req.url.startsWith('?')) req.url = `/${req.url}`;
  return issuer.handle(req, res);
});

server.listen(Number(config.port ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  setUp(`http://127.0.0.1:${port}`);
  const urls = Object.fromEntries([...issuers.entries()].map(([p, i]) => [p, i.url]));
  process.stdout.write(`${JSON.stringify({ port, issuers: urls })}\n`);
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
