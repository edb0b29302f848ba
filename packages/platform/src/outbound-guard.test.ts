import { describe, expect, it } from 'vitest';
import { ConnectorError } from '@konnect/sdk';
import { createOutboundGuard, hostOf, isInternalAddress } from './outbound-guard';

const publicDns = async () => ['93.184.215.14'];

async function refusal(guard: (u: URL) => Promise<void>, url: string): Promise<ConnectorError | undefined> {
  try {
    await guard(new URL(url));
    return undefined;
  } catch (err) {
    if (err instanceof ConnectorError) return err;
    throw err;
  }
}

describe('outbound guard', () => {
  it('classifies internal addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111']) expect(isInternalAddress(ip), ip).toBe(false);
  });

  it('refuses loopback, private and metadata addresses, and non-http schemes', async () => {
    const guard = createOutboundGuard({ resolve: publicDns });
    for (const url of ['http://127.0.0.1:4010/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://localhost/', 'ftp://example.com/']) {
      const err = await refusal(guard, url);
      expect(err?.kind, url).toBe('refused');
      expect(err?.retryable).toBe(false);
    }
    expect(await refusal(guard, 'https://api.custify.com/people')).toBeUndefined();
  });

  it('refuses a public name that resolves to a private address', async () => {
    const guard = createOutboundGuard({ resolve: async () => ['10.0.0.5'] });
    expect((await refusal(guard, 'https://intranet.example.com/'))?.message).toMatch(/private or local/);
  });

  it('allows hosts the instance names explicitly, port included, or everything private in development', async () => {
    const guard = createOutboundGuard({ allowHosts: [hostOf('http://127.0.0.1:4010') ?? ''], resolve: publicDns });
    expect(await refusal(guard, 'http://127.0.0.1:4010/people')).toBeUndefined();
    expect((await refusal(guard, 'http://127.0.0.1:5432/'))?.kind).toBe('refused');
    expect(await refusal(createOutboundGuard({ allowPrivate: true }), 'http://127.0.0.1:5432/')).toBeUndefined();
  });
});
