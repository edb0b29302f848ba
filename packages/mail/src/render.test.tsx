import { describe, expect, it } from 'vitest';
import { MailDataError, renderMail } from './render';

describe('renderMail', () => {
  it('renders the invitation with the accept link in both parts', async () => {
    const r = await renderMail({
      template: 'invitation',
      data: { workspaceName: 'Acme', inviterName: 'Ada', inviterEmail: 'ada@acme.test', role: 'admin', acceptUrl: 'http://localhost:3000/signup?invite=abc&email=bob%40acme.test' },
    });
    expect(r.subject).toBe('Ada invited you to Acme on Konnect');
    expect(r.html).toContain('Accept the invitation');
    expect(r.html).toContain('href="http://localhost:3000/signup?invite=abc&amp;email=bob%40acme.test"');
    expect(r.text).toContain('as an admin');
    expect(r.text).toContain('accept or decline');
    expect(r.text).toContain('for 7 days');
    expect(r.text).toContain('http://localhost:3000/signup?invite=abc&email=bob%40acme.test');
  });

  it('renders verify-email (sign-up and change of address) and reset-password with their single-use links in both parts', async () => {
    const verify = await renderMail({ template: 'verify-email', data: { name: 'Ada', verifyUrl: 'http://localhost:3000/verify-email?token=abc', expiresInHours: 24 } });
    expect(verify.subject).toBe('Verify your email address for Konnect');
    expect(verify.html).toContain('href="http://localhost:3000/verify-email?token=abc"');
    expect(verify.text).toContain('http://localhost:3000/verify-email?token=abc');
    expect(verify.text).toContain('for 24 hours');
    const change = await renderMail({ template: 'verify-email', data: { name: 'Ada', verifyUrl: 'http://localhost:3000/verify-email?token=def', purpose: 'change_email', expiresInHours: 1 } });
    expect(change.subject).toBe('Confirm your new email address for Konnect');
    expect(change.text).toContain('for 1 hour.');
    const reset = await renderMail({ template: 'reset-password', data: { name: 'Ada', resetUrl: 'http://localhost:3000/reset-password?token=ghi', expiresInMinutes: 30 } });
    expect(reset.subject).toBe('Reset your Konnect password');
    expect(reset.html).toContain('Choose a new password');
    expect(reset.text).toContain('http://localhost:3000/reset-password?token=ghi');
    expect(reset.text).toContain('30 minutes');
    await expect(renderMail({ template: 'reset-password', data: { name: 'Ada', resetUrl: 'javascript:x', expiresInMinutes: 30 } })).rejects.toThrow(/data\.resetUrl/);
  });

  it('derives the text part of a custom mail from its html, and frames plain text', async () => {
    const fromHtml = await renderMail({ template: 'custom', data: { subject: 'Hi', html: '<h1>Weekly report</h1><p>All <b>good</b>.</p>' } });
    expect(fromHtml.html).toBe('<h1>Weekly report</h1><p>All <b>good</b>.</p>');
    expect(fromHtml.text).toMatch(/WEEKLY REPORT|Weekly report/);
    expect(fromHtml.text).toContain('All good.');
    const fromText = await renderMail({ template: 'custom', data: { subject: 'Hi', text: 'Line one\n\nLine two' } });
    expect(fromText.text).toBe('Line one\n\nLine two');
    expect(fromText.html).toContain('Line two');
    expect(fromText.html).toContain('Konnect');
  });

  it('refuses bad data with a message naming the field', async () => {
    await expect(renderMail({ template: 'notice', data: { subject: 'x', heading: 'h', intro: 'i', action: { label: 'Go', url: 'javascript:alert(1)' } } })).rejects.toThrow(
      /data\.action\.url/,
    );
    await expect(renderMail({ template: 'custom', data: { subject: 'x' } })).rejects.toBeInstanceOf(MailDataError);
    await expect(renderMail({ template: 'nope', data: {} })).rejects.toThrow(/template/);
  });
});
