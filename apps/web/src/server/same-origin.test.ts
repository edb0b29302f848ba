import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { assertSameOrigin, isSameOriginOrExempt } from './same-origin';

const APP = 'https://konnect.example.com';
const req = (method: string, headers: Record<string, string> = {}) => new Request(`${APP}/api/v1/x`, { method, headers });

describe('same-origin check', () => {
  it('lets reads through whatever their origin', () => {
    expect(isSameOriginOrExempt(req('GET', { origin: 'https://evil.example' }), APP)).toBe(true);
    expect(isSameOriginOrExempt(req('HEAD'), APP)).toBe(true);
  });

  it('accepts writes from the app origin, by Origin or Sec-Fetch-Site', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(isSameOriginOrExempt(req(method, { origin: APP }), APP)).toBe(true);
      expect(isSameOriginOrExempt(req(method, { origin: `${APP}/` }), `${APP}/some/path`)).toBe(true);
      expect(isSameOriginOrExempt(req(method, { 'sec-fetch-site': 'same-origin' }), APP)).toBe(true);
    }
  });

  it('refuses writes from another origin, a null origin, another site, or with neither header', () => {
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://konnect.example.com' },
      { origin: 'https://konnect.example.com.evil.example' },
      { origin: 'null' },
      { origin: 'not a url' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      // Origin wins over Sec-Fetch-Site when both are present.
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of refused) {
      expect(isSameOriginOrExempt(req('POST', headers), APP), JSON.stringify(headers)).toBe(false);
    }
  });

  it('exempts API-token calls and says "Cross-site request refused" with 403', () => {
    expect(isSameOriginOrExempt(req('DELETE', { authorization: 'Bearer kn_x', origin: 'https://evil.example' }), APP)).toBe(true);
    let thrown: unknown;
    try {
      assertSameOrigin(req('POST', { origin: 'https://evil.example' }), APP);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'forbidden', message: 'Cross-site request refused', status: 403 });
  });
});
