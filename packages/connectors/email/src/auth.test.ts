/**
 * "Test connection" against a real SMTP server on loopback: the login, STARTTLS and TLS with a
 * self-signed certificate made for the test (refused unless the connection allows it), a server
 * without STARTTLS, and the outbound guard (the socket goes to the address the guard vetted, TLS
 * still names the host). The password appears in no result, error or log line.
 */
import type { LookupFunction } from 'node:net';
import { ConnectorError, testConnection, type OutboundGuard } from '@konnect/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailConnector } from './index';
import { captureOutput, type CapturedOutput } from './output.fixture';
import { startSmtpServer, type SmtpTestServer } from './test-smtp.fixture';

const PASSWORD = 'S3cret-smtp-pa55';
const users = { ada: PASSWORD };
let starttls: SmtpTestServer;
let smtps: SmtpTestServer;
let plain: SmtpTestServer;
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  [starttls, smtps, plain] = await Promise.all([
    startSmtpServer({ users }),
    startSmtpServer({ users, secure: true }),
    startSmtpServer({ users, starttls: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([starttls.close(), smtps.close(), plain.close()]);
  output.restore();
  // Nothing this file did printed the password, in any form.
  expect(output.text()).not.toContain(PASSWORD);
});

const conn = (server: SmtpTestServer, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: server.port,
  security: 'starttls',
  username: 'ada',
  password: PASSWORD,
  fromAddress: 'alerts@example.com',
  ...extra,
});

async function failed(auth: Record<string, unknown>, guard?: OutboundGuard) {
  const result = await testConnection(emailConnector, auth, guard ? { guard } : {});
  if (result.ok) throw new Error('expected the test to fail');
  expect(JSON.stringify(result.error)).not.toContain(PASSWORD);
  return result.error;
}

describe('Test connection (SMTP)', () => {
  it('logs in over STARTTLS when the connection allows the self-signed certificate', async () => {
    const result = await testConnection(emailConnector, conn(starttls, { allowSelfSigned: true }));
    expect(result).toEqual({ ok: true, account: `ada at 127.0.0.1:${starttls.port}` });
  });

  it('refuses a self-signed certificate by default, saying how to trust it', async () => {
    const error = await failed(conn(starttls));
    expect(error).toMatchObject({ kind: 'config', retryable: false });
    expect(error.message).toMatch(/certificate is not trusted/);
    expect(error.message).toContain('Allow self-signed certificate');
  });

  it('a wrong password is an auth error with the server’s answer', async () => {
    const error = await failed(conn(starttls, { allowSelfSigned: true, password: 'wrong-password-1' }));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 535 });
    expect(error.message).toBe('The mail server refused the login (535 5.7.8 Authentication credentials invalid): check the username and password');
  });

  it('TLS from the first byte (SMTPS)', async () => {
    expect(await testConnection(emailConnector, conn(smtps, { security: 'tls', allowSelfSigned: true }))).toMatchObject({ ok: true });
    const error = await failed(conn(smtps, { security: 'tls' }));
    expect(error.message).toContain('Allow self-signed certificate');
  });

  it('starttls refuses a server that does not offer STARTTLS; none logs in in plain text only when chosen', async () => {
    const error = await failed(conn(plain, { allowSelfSigned: true }));
    expect(error).toMatchObject({ kind: 'config', retryable: false });
    expect(error.message).toMatch(/did not secure the connection with STARTTLS/);
    expect(await testConnection(emailConnector, conn(plain, { security: 'none' }))).toMatchObject({ ok: true });
  });

  it('security none never upgrades, even when the server offers STARTTLS', async () => {
    // The certificate is untrusted: had the client tried STARTTLS, this would fail.
    expect(await testConnection(emailConnector, conn(starttls, { security: 'none' }))).toMatchObject({ ok: true });
  });

  it('names the bad connection field', async () => {
    const result = await testConnection(emailConnector, { host: 'smtp://x', fromAddress: 'nope', username: 'ada' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/host: Enter a host name or IP address only/);
    expect(result.error.message).toMatch(/password: A password is required with a username/);
    expect(result.error.message).toMatch(/fromAddress: Enter the sender address/);
  });
});

describe('Test connection: the outbound guard', () => {
  /** A guard like the platform's: every host checked, names resolved once through `lookup`. */
  function guardResolving(answers: Record<string, string>, refuse: (host: string) => string | undefined) {
    const checked: string[] = [];
    const lookups: string[] = [];
    const lookup: LookupFunction = (hostname, _options, callback) => {
      lookups.push(hostname);
      const address = answers[hostname] ?? hostname;
      const reason = refuse(address);
      if (reason) return callback(new ConnectorError({ kind: 'refused', message: `Refused to connect to ${hostname} (${reason})`, retryable: false }), '', 0);
      (callback as unknown as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family: 4 }]);
    };
    const guard: OutboundGuard = Object.assign(async (url: URL) => void checked.push(url.host), { lookup });
    return { guard, checked, lookups };
  }

  it('connects to the address the guard vetted, and TLS still names the host', async () => {
    const { guard, checked, lookups } = guardResolving({ 'mail.example.test': '127.0.0.1' }, () => undefined);
    const before = starttls.servernames.length;
    const result = await testConnection(emailConnector, conn(starttls, { host: 'mail.example.test', allowSelfSigned: true }), { guard });
    expect(result).toMatchObject({ ok: true });
    expect(checked).toEqual([`mail.example.test:${starttls.port}`]);
    expect(lookups).toEqual(['mail.example.test']);
    expect(starttls.servernames.slice(before)).toEqual(['mail.example.test']);
  });

  it('a refused host is never connected to', async () => {
    const { guard } = guardResolving({ 'mail.example.test': '127.0.0.1' }, (address) => (address === '127.0.0.1' ? 'loopback address' : undefined));
    const before = starttls.connections;
    const error = await failed(conn(starttls, { host: 'mail.example.test', allowSelfSigned: true }), guard);
    expect(error).toMatchObject({ kind: 'refused', retryable: false, message: 'Refused to connect to mail.example.test (loopback address)' });
    expect(starttls.connections).toBe(before);
  });
});
