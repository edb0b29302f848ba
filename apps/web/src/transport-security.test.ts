/**
 * HSTS: `Strict-Transport-Security: max-age=63072000; includeSubDomains` on pages (proxy.ts) and API
 * responses (route(), success and error alike) when the public URL (NEXTAUTH_URL) is https; none
 * when it is http. Decided per request from the environment, not at build time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { GET as OPENAPI } from '@/app/api/v1/openapi.json/route';
import { GET as GET_WORKSPACE } from '@/app/api/v1/workspaces/[workspaceId]/route';
import { proxy } from './proxy';
import { STRICT_TRANSPORT_SECURITY, transportSecurity, withTransportSecurity } from './security-headers';
import { call } from './test/request';

const original = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = original;
});

describe('Strict-Transport-Security', () => {
  it('is two years with subdomains, only for an https public URL', () => {
    expect(STRICT_TRANSPORT_SECURITY).toBe('max-age=63072000; includeSubDomains');
    expect(transportSecurity('https://konnect.example.com')).toBe(STRICT_TRANSPORT_SECURITY);
    expect(transportSecurity('HTTPS://konnect.example.com:8443/app')).toBe(STRICT_TRANSPORT_SECURITY);
    for (const url of ['http://localhost:3000', 'http://konnect.example.com', 'not a url', '', undefined]) expect(transportSecurity(url), String(url)).toBeNull();
    expect(withTransportSecurity(new Response('x'), 'http://localhost:3000').headers.has('strict-transport-security')).toBe(false);
  });

  it('is sent on pages and API responses (success and error) when NEXTAUTH_URL is https', async () => {
    process.env.NEXTAUTH_URL = 'https://konnect.example.com';
    const page = proxy(new NextRequest('https://konnect.example.com/app'));
    expect(page.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    const ok = await call(OPENAPI, 'GET', '/api/v1/openapi.json');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    const refused = await call(GET_WORKSPACE, 'GET', '/api/v1/workspaces/x', { params: { workspaceId: 'x' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('is never sent over plain http', async () => {
    process.env.NEXTAUTH_URL = 'http://localhost:3000';
    const page = proxy(new NextRequest('http://localhost:3000/app'));
    expect(page.headers.has('strict-transport-security')).toBe(false);
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const ok = await call(OPENAPI, 'GET', '/api/v1/openapi.json');
    expect(ok.headers.has('strict-transport-security')).toBe(false);
    const refused = await call(GET_WORKSPACE, 'GET', '/api/v1/workspaces/x', { params: { workspaceId: 'x' } });
    expect(refused.headers.has('strict-transport-security')).toBe(false);
  });
});
