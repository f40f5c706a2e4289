import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export interface DevUser {
  sub: string;
  email: string;
  name: string;
  groups: string[];
}

export interface DevIdentityConfig {
  /** Origin + path where the provider is mounted, e.g. http://localhost:3000/auth. */
  baseUrl: string;
  clientId: string;
  callbackUrls: string[];
  logoutUrls: string[];
  users: DevUser[];
  /** Where the signing key is kept so tokens survive a restart; memory only when absent. */
  keyFile?: string;
  idTokenMinutes: number;
}

export interface IdpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DISPLAY_NAMES: Record<string, string> = {
  admin: 'Ada Admin',
  agent: 'Alex Agent',
  technician: 'Tao Technician',
  finance: 'Fern Finance',
};

/** One seeded user per user-pool group found in the template: the dev logins. */
export function seedUsers(groups: string[]): DevUser[] {
  return groups.map((group) => ({
    // Deterministic ids keep "my tickets" stable across restarts of the local stack.
    sub: createHash('sha256').update(`loopdesk-dev-${group}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5'),
    email: `${group}@loopdesk.local`,
    name: DISPLAY_NAMES[group] ?? group,
    groups: [group],
  }));
}

/**
 * Stands in for the Cognito user pool and its hosted login on a laptop: the same OAuth 2.0
 * authorization-code + PKCE endpoints the console uses in the cloud, and ID tokens with Cognito's
 * claim names (sub, email, cognito:groups, token_use, aud) signed with RS256 and published as JWKS.
 * No passwords: picking a seeded user is the login. Never deployed.
 */
export class DevIdentityProvider {
  private key!: { privateKey: CryptoKey; publicJwk: JWK };
  private readonly codes = new Map<string, { user: DevUser; challenge: string; redirectUri: string; expires: number }>();

  constructor(readonly config: DevIdentityConfig) {}

  get issuer(): string {
    return this.config.baseUrl;
  }

  async init(): Promise<void> {
    const file = this.config.keyFile;
    if (file && existsSync(file)) {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
      this.key = { privateKey: (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey, publicJwk: stored.publicJwk };
      return;
    }
    const pair = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    this.key = { privateKey: pair.privateKey, publicJwk };
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ privateJwk: await exportJWK(pair.privateKey), publicJwk }), { mode: 0o600 });
    }
  }

  get jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  /** Issues an ID token for a seeded user, as Cognito would after a login. */
  async idToken(user: DevUser): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      email: user.email,
      email_verified: true,
      name: user.name,
      'cognito:groups': user.groups,
      'cognito:username': user.email,
      token_use: 'id',
      auth_time: now,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.publicJwk.kid })
      .setSubject(user.sub)
      .setIssuer(this.issuer)
      .setAudience(this.config.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.idTokenMinutes * 60)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
  }

  async accessToken(user: DevUser): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ client_id: this.config.clientId, username: user.email, scope: 'openid email profile', token_use: 'access', 'cognito:groups': user.groups })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.publicJwk.kid })
      .setSubject(user.sub)
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.idTokenMinutes * 60)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
  }

  userByEmail(email: string): DevUser | undefined {
    return this.config.users.find((u) => u.email === email.toLowerCase());
  }

  /** Handles a request below the provider's mount path (`/oauth2/authorize`, `/oauth2/token`…). */
  async handle(method: string, subPath: string, query: URLSearchParams, body: string): Promise<IdpResponse> {
    if (method === 'GET' && subPath === '/.well-known/jwks.json') return jsonResponse(200, this.jwks);
    if (method === 'GET' && subPath === '/.well-known/openid-configuration') {
      return jsonResponse(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/oauth2/authorize`,
        token_endpoint: `${this.issuer}/oauth2/token`,
        jwks_uri: `${this.issuer}/.well-known/jwks.json`,
        end_session_endpoint: `${this.issuer}/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (method === 'GET' && subPath === '/oauth2/authorize') return this.authorizePage(query);
    if (method === 'POST' && subPath === '/oauth2/authorize') return this.approve(new URLSearchParams(body));
    if (method === 'POST' && subPath === '/oauth2/token') return this.token(new URLSearchParams(body));
    if (method === 'GET' && subPath === '/logout') return this.logout(query);
    if (method === 'POST' && subPath === '/dev/token') return this.devToken(new URLSearchParams(body));
    return jsonResponse(404, { error: 'not_found' });
  }

  private authorizeProblem(q: URLSearchParams): string | undefined {
    if (q.get('response_type') !== 'code') return 'response_type must be code';
    if (q.get('client_id') !== this.config.clientId) return 'unknown client_id';
    if (!this.config.callbackUrls.includes(q.get('redirect_uri') ?? '')) return 'redirect_uri is not a registered callback URL';
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return 'PKCE with S256 is required';
    return undefined;
  }

  private authorizePage(q: URLSearchParams): IdpResponse {
    const problem = this.authorizeProblem(q);
    if (problem) return htmlResponse(400, page('Sign-in request refused', `<p>${escapeHtml(problem)}</p>`));
    const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'response_type', 'scope']
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
      .join('');
    const buttons = this.config.users
      .map(
        (u) =>
          `<button type="submit" name="email" value="${escapeHtml(u.email)}" data-testid="dev-login-${escapeHtml(u.groups[0] ?? '')}">` +
          `<strong>${escapeHtml(u.name)}</strong><span>${escapeHtml(u.email)} · ${escapeHtml(u.groups.join(', '))}</span></button>`,
      )
      .join('');
    return htmlResponse(
      200,
      page(
        'Sign in to Loopdesk (local)',
        `<p class="sub" lang="zh-CN">登录 Loopdesk（本地）</p><p>Local development sign-in: choose a seeded user. In the cloud this page is Cognito's hosted login.<br>本地开发登录：请选择一个预置用户。云端部署时由 Cognito 托管登录页提供。</p>` +
          `<form method="post">${hidden}${buttons}</form>`,
      ),
    );
  }

  private approve(form: URLSearchParams): IdpResponse {
    const problem = this.authorizeProblem(form);
    const user = this.userByEmail(form.get('email') ?? '');
    if (problem || !user) return htmlResponse(400, page('Sign-in request refused', `<p>${escapeHtml(problem ?? 'unknown user')}</p>`));
    const code = randomBytes(24).toString('base64url');
    const redirectUri = form.get('redirect_uri')!;
    this.codes.set(code, { user, challenge: form.get('code_challenge')!, redirectUri, expires: Date.now() + 5 * 60_000 });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (form.get('state')) target.searchParams.set('state', form.get('state')!);
    return { status: 302, headers: { location: target.toString() }, body: '' };
  }

  private async token(form: URLSearchParams): Promise<IdpResponse> {
    if (form.get('grant_type') !== 'authorization_code') return jsonResponse(400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== this.config.clientId) return jsonResponse(400, { error: 'invalid_client' });
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code); // single use, like Cognito
    if (!grant || grant.expires < Date.now() || grant.redirectUri !== form.get('redirect_uri')) {
      return jsonResponse(400, { error: 'invalid_grant' });
    }
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return jsonResponse(400, { error: 'invalid_grant' });
    return jsonResponse(200, {
      id_token: await this.idToken(grant.user),
      access_token: await this.accessToken(grant.user),
      token_type: 'Bearer',
      expires_in: this.config.idTokenMinutes * 60,
    });
  }

  private logout(q: URLSearchParams): IdpResponse {
    const target = q.get('logout_uri') ?? '';
    if (q.get('client_id') !== this.config.clientId || !this.config.logoutUrls.includes(target)) {
      return htmlResponse(400, page('Sign-out request refused', '<p>logout_uri is not registered</p>'));
    }
    return { status: 302, headers: { location: target }, body: '' };
  }

  /** Local convenience for curl and scripts: `email=agent@loopdesk.local` → an ID token. */
  private async devToken(form: URLSearchParams): Promise<IdpResponse> {
    const user = this.userByEmail(form.get('email') ?? '');
    if (!user) return jsonResponse(400, { error: 'unknown_user', users: this.config.users.map((u) => u.email) });
    return jsonResponse(200, { id_token: await this.idToken(user), token_type: 'Bearer', expires_in: this.config.idTokenMinutes * 60 });
  }
}

function jsonResponse(status: number, body: unknown): IdpResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

function htmlResponse(status: number, html: string): IdpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:* http://127.0.0.1:*",
    },
    body: html,
  };
}

function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f4f5f7;margin:0;padding:24px;color:#1f2933}
main{max-width:460px;margin:40px auto;background:#fff;border-radius:10px;padding:28px;box-shadow:0 2px 10px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0}.sub{font-size:16px;font-weight:600;color:#1f2933;margin:2px 0 12px}p{color:#52606d;font-size:14px;line-height:1.5}
button{display:flex;flex-direction:column;align-items:flex-start;width:100%;padding:12px 14px;margin:8px 0;border:1px solid #cbd2d9;border-radius:8px;background:#fff;cursor:pointer;font:inherit}
button:hover,button:focus{border-color:#2563eb;outline:2px solid #bfdbfe}button span{color:#616e7c;font-size:13px;margin-top:2px}
</style></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
