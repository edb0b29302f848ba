import { describe, expect, it } from 'vitest';
import nextConfig from '../next.config';
import { API_CONTENT_SECURITY_POLICY, headerRules, newNonce, pageContentSecurityPolicy, SECURITY_HEADERS } from './security-headers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('page Content-Security-Policy', () => {
  it('allows scripts only by nonce in production: no unsafe-eval, no unsafe-inline', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: 'abc123', dev: false, https: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('adds eval and the HMR socket only in development, and upgrades requests over https', () => {
    const dev = directives(pageContentSecurityPolicy({ nonce: 'n', dev: true, https: false }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('connect-src')).toContain('ws:');
    expect(directives(pageContentSecurityPolicy({ nonce: 'n', dev: false, https: true })).has('upgrade-insecure-requests')).toBe(true);
  });

  it('uses a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe('next.config headers()', () => {
  it('sends the security headers on every path and a deny-all policy on the API and Catch Hook', async () => {
    const rules = await nextConfig.headers?.();
    expect(rules).toEqual(headerRules());
    const all = rules?.find((r) => r.source === '/:path*');
    const byKey = Object.fromEntries((all?.headers ?? []).map((x) => [x.key, x.value]));
    expect(byKey).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    expect(byKey['Permissions-Policy']).toMatch(/camera=\(\)/);
    expect(all?.headers).toEqual(SECURITY_HEADERS);
    expect(rules?.find((r) => r.source === '/api/:path*')?.headers).toEqual([{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }]);
    // The Catch Hook's answers carry their own policy (a config header would replace a Respond answer's sandbox).
    expect(rules?.find((r) => r.source.startsWith('/hooks'))).toBeUndefined();
    expect(API_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
