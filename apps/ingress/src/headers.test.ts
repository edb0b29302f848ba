import { describe, expect, it } from 'vitest';
// The web app's list is the source of these headers (a test-only import across apps).
import { headerRules, transportSecurity } from '../../web/src/security-headers';
import { HOOK_SECURITY_HEADERS, transportSecurityFor } from './headers';

describe('ingress headers', () => {
  it('are the headers next.config gives the web app’s /hooks/… route', () => {
    const web: Record<string, string> = {};
    for (const rule of headerRules().filter((r) => r.source === '/:path*' || r.source === '/hooks/:path*')) {
      for (const h of rule.headers) web[h.key.toLowerCase()] = h.value;
    }
    expect(HOOK_SECURITY_HEADERS).toEqual(web);
  });

  it('ask for https only when the public URL is https, with the web app’s value', () => {
    expect(transportSecurityFor('https://hooks.example.com')).toBe(transportSecurity('https://hooks.example.com'));
    expect(transportSecurityFor('http://localhost:3001')).toBeNull();
    expect(transportSecurityFor('not a url')).toBeNull();
  });
});
