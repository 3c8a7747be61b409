// The tests' OpenID provider: panva/oidc-provider (OpenID Certified), configured for one
// confidential client on a loopback port. Its own login and consent pages
// (devInteractions) are used unchanged. Accounts come from a JSON file the tests rewrite
// (groups, disabled) and are read at every lookup, as a directory would answer.
//
//   node provider.mjs <port> <config.json>
//   config.json: {"client_id", "client_secret", "redirect_uris": [...], "accounts_file",
//                 "access_token_ttl" (seconds, default 3600), "clock_tolerance" (15)}
//   accounts file: {"<login>": {"name", "email", "groups": [...], "disabled": false}}
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const config = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

function accounts() {
  return JSON.parse(readFileSync(config.accounts_file, 'utf8'));
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: config.redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { methods: ['S256'], required: () => true },
  scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    groups: ['groups'],
  },
  // seconds a token stays usable past its expiry; short-lived tokens in tests use 0
  clockTolerance: config.clock_tolerance ?? 15,
  conformIdTokenClaims: false, // put the scope's claims in the ID token too
  ttl: { AccessToken: config.access_token_ttl || 3600, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  async findAccount(ctx, id) {
    const entry = accounts()[id];
    if (!entry || entry.disabled) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, name: entry.name, preferred_username: id,
          email: entry.email, groups: entry.groups || [],
        };
      },
    };
  },
  // the cookie keys of a test server that lives for one test run
  cookies: { keys: [config.client_secret + '-cookies'] },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
