/**
 * Drives next-auth's real handler (its core: CSRF, the credentials callback with authorize() and
 * the jwt callback, session, sign-out with events.signOut) with the app's own authOptions, as a
 * browser would call /api/auth/*: through NextAuth's req/res form, since the App Router form
 * needs a Next.js request scope. Cookies are kept like a browser's jar.
 */
import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth-options';
import { sessionCookieName } from '@/server/session';

export interface AuthResponse {
  status: number;
  body: unknown;
  location: string | null;
}

interface FakeRes {
  statusCode: number;
  headers: Map<string, unknown>;
  body: unknown;
  status(code: number): FakeRes;
  setHeader(name: string, value: unknown): FakeRes;
  getHeader(name: string): unknown;
  end(): void;
  json(body: unknown): void;
  send(body: unknown): void;
}

function fakeRes(): FakeRes {
  const res: FakeRes = {
    statusCode: 200,
    headers: new Map(),
    body: undefined,
    status(code) {
      res.statusCode = code;
      return res;
    },
    setHeader(name, value) {
      res.headers.set(name.toLowerCase(), value);
      return res;
    },
    getHeader(name) {
      return res.headers.get(name.toLowerCase());
    },
    end() {},
    json(body) {
      res.body = body;
    },
    send(body) {
      res.body = body;
    },
  };
  return res;
}

/** A browser: a cookie jar, a user agent and the address it calls from (the socket header peer-address.ts writes). */
export class AuthBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    readonly ip = '203.0.113.7',
  ) {}

  private headers(): Record<string, string> {
    return { host: 'localhost:3000', 'user-agent': this.userAgent, 'x-konnect-peer': this.ip, cookie: this.cookieHeader() };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  /** The session cookie as a header value (`name=jwt`; a JWT needs no encoding), or null. */
  sessionCookie(): string | null {
    const value = this.cookies.get(sessionCookieName());
    return value ? `${sessionCookieName()}=${value}` : null;
  }

  /** One call to /api/auth/<action...>. */
  async request(method: 'GET' | 'POST', action: string[], body?: Record<string, string>): Promise<AuthResponse> {
    const headers = this.headers();
    const req = { method, query: { nextauth: action }, body: body ?? {}, cookies: Object.fromEntries(this.cookies), headers };
    const res = fakeRes();
    const handler = NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>;
    await handler(req, res, authOptions({ headers: new Headers(headers) }));
    const setCookies = res.getHeader('set-cookie');
    for (const line of Array.isArray(setCookies) ? (setCookies as string[]) : []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '').getTime() < Date.now()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = res.getHeader('location');
    return { status: res.statusCode, body: res.body, location: typeof location === 'string' ? location : null };
  }

  async csrfToken(): Promise<string> {
    const res = await this.request('GET', ['csrf']);
    const token = (res.body as { csrfToken?: string } | undefined)?.csrfToken;
    if (!token) throw new Error('next-auth answered no CSRF token');
    return token;
  }

  /** The sign-in form: POST /api/auth/callback/credentials (as signIn('credentials', { redirect: false }) does). */
  async signIn(email: string, password: string): Promise<AuthResponse> {
    const csrfToken = await this.csrfToken();
    return this.request('POST', ['callback', 'credentials'], { csrfToken, email, password, json: 'true' });
  }

  /** What useSession() fetches: GET /api/auth/session. */
  async session(): Promise<Record<string, unknown>> {
    return ((await this.request('GET', ['session'])).body ?? {}) as Record<string, unknown>;
  }

  /** next-auth/react signOut(): POST /api/auth/signout with the CSRF token. */
  async signOut(): Promise<AuthResponse> {
    const csrfToken = await this.csrfToken();
    return this.request('POST', ['signout'], { csrfToken, json: 'true' });
  }
}
