import { describe, expect, it } from 'vitest';
// The web app's list is the source of these headers (a test-only import across apps).
import { API_CONTENT_SECURITY_POLICY, headerRules, transportSecurity } from '../../web/src/security-headers';
import { HOOK_SECURITY_HEADERS, transportSecurityFor } from './headers';

describe('ingress headers', () => {
  it('are the headers next.config gives every response (the answers set their own policy)', () => {
    const web: Record<string, string> = {};
    for (const h of headerRules().find((r) => r.source === '/:path*')?.headers ?? []) web[h.key.toLowerCase()] = h.value;
    const { 'content-security-policy': policy, ...common } = HOOK_SECURITY_HEADERS;
    expect(common).toEqual(web);
    expect(policy).toBe(API_CONTENT_SECURITY_POLICY);
    // A config header for /hooks would replace a Respond answer's own policy in the web app.
    expect(headerRules().filter((r) => r.source.startsWith('/hooks'))).toEqual([]);
  });

  it('ask for https only when the public URL is https, with the web app’s value', () => {
    expect(transportSecurityFor('https://hooks.example.com')).toBe(transportSecurity('https://hooks.example.com'));
    expect(transportSecurityFor('http://localhost:3001')).toBeNull();
    expect(transportSecurityFor('not a url')).toBeNull();
  });
});
