import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from './mailer';
import { parseSmtpUrl } from './config';
import { classifySmtpError, describeSmtpError, scrubText } from './errors';
import { renderMail } from './render';
import { selfSignedCert, startTestSmtp, type TestSmtp } from './testing';

const open: { smtp?: TestSmtp; mailer?: Mailer }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.mailer?.close();
    await o.smtp?.close();
  }
});

const notice = {
  template: 'notice' as const,
  data: {
    subject: 'Konnector "Sync deals" failed',
    heading: 'A run failed',
    intro: 'The step "Create deal" got an error from Custify.',
    facts: [{ label: 'Step', value: 'Create deal' }],
    items: [{ text: '422 Unprocessable: email is invalid', url: 'http://localhost:3000/app/w1/runs/r1', meta: '3 times' }],
    action: { label: 'Open the failed run', url: 'http://localhost:3000/app/w1/runs/r1' },
    advice: 'Check the mapping of the email field.',
    footer: 'You get this because you watch this konnector.',
  },
};

describe('sending over real SMTP', () => {
  it('delivers a notice with an HTML and a text part, subject, from and to', async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: 'Konnect <alerts@konnect.test>', tlsInsecure: false });
    open.push({ smtp, mailer });
    const rendered = await renderMail(notice);
    const sent = await mailer.send({ ...rendered, to: ['ada@example.test'], cc: ['bob@example.test'] });
    expect(sent.messageId).toMatch(/@/);
    const [got] = await smtp.waitFor(1);
    const mail = got!.mail;
    expect(mail.subject).toBe('Konnector "Sync deals" failed');
    expect(mail.from?.value[0]).toMatchObject({ address: 'alerts@konnect.test', name: 'Konnect' });
    expect(got!.envelope.to).toEqual(['ada@example.test', 'bob@example.test']);
    expect(mail.html).toContain('Open the failed run');
    expect(mail.html).toContain('href="http://localhost:3000/app/w1/runs/r1"');
    expect(mail.html).toContain('Konnect');
    expect(mail.text).toContain('A RUN FAILED');
    expect(mail.text).toContain('Step: Create deal');
    expect(mail.text).toContain('http://localhost:3000/app/w1/runs/r1');
    expect(mail.text).toContain('What to do');
    expect(mail.text).not.toContain('<');
  });

  it('upgrades with STARTTLS and verifies the server certificate against the given CA', async () => {
    const cert = selfSignedCert();
    const smtp = await startTestSmtp({ tls: cert, auth: { user: 'konnect', pass: 's3cret-pass' } });
    const trusting = createMailer({ ...parseSmtpUrl(smtp.url), from: 'k@konnect.test', tlsInsecure: false, ca: cert.cert, requireTls: true });
    const untrusting = createMailer({ ...parseSmtpUrl(smtp.url), from: 'k@konnect.test', tlsInsecure: false });
    open.push({ smtp, mailer: trusting }, { mailer: untrusting });
    const rendered = await renderMail({ template: 'custom', data: { subject: 'Hello', text: 'Over TLS.' } });
    await trusting.send({ ...rendered, to: ['ada@example.test'] });
    const [got] = await smtp.waitFor(1);
    expect(got!.secure).toBe(true);
    expect(got!.user).toBe('konnect');
    // The same server without its CA: the certificate is refused, nothing is sent in clear text.
    const refused = await untrusting.send({ ...rendered, to: ['ada@example.test'] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(describeSmtpError(refused)).toMatch(/certificate/i);
    expect(smtp.received).toHaveLength(1);
  });

  it('tells permanent (5xx) from transient (4xx, connection) failures', async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: 'k@konnect.test', tlsInsecure: false });
    open.push({ smtp, mailer });
    const rendered = await renderMail({ template: 'custom', data: { subject: 'x', text: 'y' } });
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);
    smtp.rejectNext(550, 'Mailbox unavailable');
    const e550 = await fail(mailer.send({ ...rendered, to: ['gone@example.test'] }));
    expect(classifySmtpError(e550)).toBe('permanent');
    expect(describeSmtpError(e550)).toContain('550 Mailbox unavailable');
    smtp.rejectNext(451, 'Try again later');
    expect(classifySmtpError(await fail(mailer.send({ ...rendered, to: ['busy@example.test'] })))).toBe('transient');
    await smtp.close();
    const refused = await fail(mailer.send({ ...rendered, to: ['x@example.test'] }));
    expect(classifySmtpError(refused)).toBe('transient');
  });
});

describe('SMTP_URL and scrubbing', () => {
  it('parses smtp:// and smtps:// and refuses query options', () => {
    expect(parseSmtpUrl('smtp://u%40x:p%2Fw@mail.example.com')).toEqual({ host: 'mail.example.com', port: 587, secure: false, user: 'u@x', pass: 'p/w' });
    expect(parseSmtpUrl('smtps://mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true });
    expect(() => parseSmtpUrl('smtp://h:25?tls.rejectUnauthorized=false')).toThrow(/SMTP_TLS_INSECURE/);
    expect(() => parseSmtpUrl('http://h')).toThrow(/SMTP_URL/);
  });

  it('removes secrets and URL credentials from error text', () => {
    const out = scrubText('auth failed for smtp://konnect:hunter22@mail:587 with hunter22 and tok%2Fen', ['hunter22', 'tok/en']);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('tok%2Fen');
    expect(out).toContain('[redacted]');
  });
});
