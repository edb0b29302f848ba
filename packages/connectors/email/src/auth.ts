/**
 * The SMTP connection: a mail server, how to secure the connection, the login (the password is a
 * secret field: sealed with the connection, redacted everywhere, never returned), and the sender.
 * "Test connection" opens a session and logs in (nodemailer `verify()`), through the same outbound
 * guard and timeouts a run uses.
 */
import { z } from 'zod';
import { bindAuth, type ApiKeyAuth } from '@konnect/sdk';
import { portOf, verifySmtp } from './smtp';

/** A host name or an IP address (IPv6 with or without brackets); no scheme, port or path. */
const HOST = /^(\[[0-9a-f:.]+\]|[0-9a-f:]+:[0-9a-f:.]*|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?)$/i;

const SECURITY = ['starttls', 'tls', 'none'] as const;

const fields = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, 'The SMTP server host is required')
      .max(253)
      .regex(HOST, 'Enter a host name or IP address only, e.g. smtp.example.com (no smtp://, port or path)')
      .meta({ label: 'SMTP host', placeholder: 'smtp.example.com' }),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .meta({ label: 'Port', description: 'Empty: 587 for STARTTLS, 465 for TLS, 25 for none.', placeholder: '587' }),
    security: z.enum(SECURITY).default('starttls').meta({
      label: 'Security',
      description:
        'starttls: connect in plain text and upgrade with STARTTLS before logging in; a server that does not offer it is refused. ' +
        'tls: TLS from the first byte (usually port 465). none: no encryption at all, the password travels in plain text; only for a relay on a network you trust.',
    }),
    username: z.string().trim().max(320).optional().meta({ label: 'Username', description: 'Leave empty for a server that needs no login.' }),
    password: z.string().max(1024).optional().meta({ label: 'Password', secret: true }),
    fromAddress: z.email('Enter the sender address, e.g. alerts@example.com').meta({ label: 'From address', placeholder: 'alerts@example.com' }),
    fromName: z.string().trim().max(200).regex(/^[^\r\n]*$/, 'No line breaks').optional().meta({ label: 'From name', placeholder: 'Acme Alerts' }),
    allowSelfSigned: z.boolean().default(false).meta({
      label: 'Allow self-signed certificate',
      description:
        "Accept a TLS certificate no public authority vouches for (a server of your own). Off by default: the connection is still encrypted, but Konnect can no longer tell your server from an impostor's.",
    }),
  })
  .superRefine((v, ctx) => {
    if (v.username && !v.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'A password is required with a username' });
    if (!v.username && v.password) ctx.addIssue({ code: 'custom', path: ['username'], message: 'A username is required with a password' });
  });

export type SmtpAuth = z.output<typeof fields>;

export const smtpAuth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  // The HTTP client is only for attachments fetched from URLs: no base URL, no credentials.
  http: () => ({ baseURL: '', headers: {} }),
  // The password goes to this server, this way (accepting a self-signed certificate weakens the
  // way): changing any part of it needs the password again.
  destination: (auth) => `${auth.security}${auth.allowSelfSigned ? '+self-signed' : ''}://${auth.host.toLowerCase().replace(/\.$/, '')}:${portOf(auth)}`,
  async validate({ auth, guard }) {
    await verifySmtp(auth, guard);
    return { account: `${auth.username || auth.fromAddress} at ${auth.host}:${portOf(auth)}` };
  },
};

/** `action` with the SMTP connection type bound once. */
export const { action } = bindAuth(smtpAuth);
