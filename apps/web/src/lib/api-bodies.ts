/**
 * Request bodies of the web API (zod, so the route handlers parse them and the UI can reuse
 * them). Client-safe: no server imports.
 */
import { z } from 'zod';

const name = (what: string, max = 100) =>
  z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(max, `${what} must be at most ${max} characters`);

export const email = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const Role = z.enum(['owner', 'admin', 'member'], { error: 'Role must be owner, admin or member' });
export type Role = z.infer<typeof Role>;

export const SignUpBody = z.object({
  name: name('Name'),
  email,
  password: z
    .string({ error: 'Password is required' })
    .min(8, 'Password must be at least 8 characters')
    .max(200, 'Password must be at most 200 characters'),
});
export type SignUpBody = z.infer<typeof SignUpBody>;

const newPassword = (what = 'Password') =>
  z
    .string({ error: `${what} is required` })
    .min(8, `${what} must be at least 8 characters`)
    .max(200, `${what} must be at most 200 characters`);
const token = z.string({ error: 'The link\'s token is required' }).min(1, 'The link\'s token is required').max(200, 'The token is too long');
const currentPassword = (what: string) => z.string({ error: `${what} is required` }).min(1, `${what} is required`).max(200, `${what} is too long`);

/** A single-use link's token (verify email, accept or decline an invitation). */
export const TokenBody = z.object({ token });
export type TokenBody = z.infer<typeof TokenBody>;

export const ForgotPasswordBody = z.object({ email });
export type ForgotPasswordBody = z.infer<typeof ForgotPasswordBody>;

export const ResetPasswordBody = z.object({ token, password: newPassword() });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const ChangePasswordBody = z.object({ currentPassword: currentPassword('Current password'), newPassword: newPassword('New password') });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const ChangeEmailBody = z.object({ email, password: currentPassword('Password') });
export type ChangeEmailBody = z.infer<typeof ChangeEmailBody>;

export const WorkspaceBody = z.object({ name: name('Workspace name') });
export type WorkspaceBody = z.infer<typeof WorkspaceBody>;

export const InviteBody = z.object({ email, role: Role.default('member') });
export type InviteBody = z.infer<typeof InviteBody>;

export const RoleBody = z.object({ role: Role });
export type RoleBody = z.infer<typeof RoleBody>;

const fields = z.record(z.string(), z.unknown(), { error: 'fields must be an object of the connection fields' });

export const CreateConnectionBody = z.object({
  connectorKey: z.string({ error: 'connectorKey is required' }).trim().min(1, 'connectorKey is required').max(64),
  name: name('Connection name'),
  fields: fields.default({}),
});
export type CreateConnectionBody = z.infer<typeof CreateConnectionBody>;

export const UpdateConnectionBody = z
  .object({ name: name('Connection name').optional(), fields: fields.optional() })
  .refine((b) => b.name !== undefined || b.fields !== undefined, { error: 'Send a new name, new fields, or both', path: ['name'] });
export type UpdateConnectionBody = z.infer<typeof UpdateConnectionBody>;

/** An API token's scopes: read = GET routes; write = creating, changing, deleting; run = test runs, code runs, replays, Test connection. */
export const TokenScope = z.enum(['read', 'write', 'run'], { error: 'Each scope must be read, write or run' });
export type TokenScope = z.infer<typeof TokenScope>;
export const TOKEN_SCOPES = TokenScope.options;
/** Expiry choices the settings page offers (the API takes any whole number of days up to 3650, or null). */
export const TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;

export const CreateTokenBody = z.object({
  name: name('Token name'),
  scopes: z
    .array(TokenScope, { error: 'scopes must be a list of read, write and run' })
    .min(1, 'Choose at least one scope')
    .max(3, 'scopes has at most three entries')
    .default([...TOKEN_SCOPES])
    .meta({ description: 'read, write and/or run; default all three' }),
  expiresInDays: z
    .number({ error: 'expiresInDays must be a whole number of days, or null for never' })
    .int('expiresInDays must be a whole number of days')
    .min(1, 'expiresInDays must be at least 1')
    .max(3650, 'expiresInDays must be at most 3650')
    .nullable()
    .default(90)
    .meta({ description: 'Days until the token expires; null: never; default 90' }),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

/** A page of a connection's dynamic options list (`POST …/connections/{id}/options/{name}`). */
export const ConnectionOptionsBody = z.object({
  search: z.string({ error: 'search must be text' }).max(200, 'search must be at most 200 characters').optional(),
  cursor: z.string({ error: 'cursor must be text' }).max(1000, 'cursor must be at most 1000 characters').optional(),
});
export type ConnectionOptionsBody = z.infer<typeof ConnectionOptionsBody>;

/* Two-factor sign-in and workspace security settings (issue 15). */
const authCode = z.string({ error: 'code is required' }).trim().min(1, 'Enter the code').max(64, 'code must be at most 64 characters');

/** Confirms two-factor enrolment: a 6-digit code from the app. */
export const TwoFactorConfirmBody = z.object({ code: authCode.regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app') });
export type TwoFactorConfirmBody = z.infer<typeof TwoFactorConfirmBody>;

/** New recovery codes: the password, or a 6-digit code from the app. */
export const RecoveryCodesBody = z
  .object({ password: currentPassword('Password').optional(), code: authCode.optional() })
  .refine((b) => b.password !== undefined || b.code !== undefined, { error: 'Enter your password or a code from your authenticator app', path: ['password'] });
export type RecoveryCodesBody = z.infer<typeof RecoveryCodesBody>;

/** Turning two-factor sign-in off: the password and a code (from the app, or a recovery code). */
export const TwoFactorDisableBody = z.object({ password: currentPassword('Password'), code: authCode });
export type TwoFactorDisableBody = z.infer<typeof TwoFactorDisableBody>;

/** Settings → Security (owners). */
export const WorkspaceSecurityBody = z
  .object({
    requireTwoFactor: z.boolean({ error: 'requireTwoFactor must be true or false' }).optional(),
    auditRetentionDays: z
      .number({ error: 'auditRetentionDays must be a number of days' })
      .int('auditRetentionDays must be a whole number of days')
      .min(30, 'Keep the audit log at least 30 days')
      .max(3650, 'Keep the audit log at most 3650 days')
      .optional(),
  })
  .refine((b) => b.requireTwoFactor !== undefined || b.auditRetentionDays !== undefined, { error: 'Send requireTwoFactor, auditRetentionDays, or both', path: ['requireTwoFactor'] });
export type WorkspaceSecurityBody = z.infer<typeof WorkspaceSecurityBody>;

/* Storage: the workspace data store (issue 16). */
const storeValue = z.unknown().refine((v) => v !== undefined, { error: 'value is required (any JSON: text, number, true/false, null, list or object)' });
const storeTtl = z
  .number({ error: 'ttlSeconds must be a number of seconds, or null for no expiry' })
  .int('ttlSeconds must be a whole number of seconds')
  .min(1, 'ttlSeconds must be at least 1')
  .max(315_360_000, 'ttlSeconds must be at most 10 years (315360000)')
  .nullable();

/** A new key on the Storage page (409 when it exists). */
export const CreateStoreEntryBody = z.object({
  key: z.string({ error: 'key is required' }).min(1, 'key is required').max(512, 'key must be at most 512 characters').refine((k) => k.trim() !== '', 'key is required'),
  value: storeValue,
  ttlSeconds: storeTtl.optional(),
});
export type CreateStoreEntryBody = z.infer<typeof CreateStoreEntryBody>;

/** A key's new value; ttlSeconds: seconds from now, null for no expiry, absent to keep the key's expiry. */
export const UpdateStoreEntryBody = z.object({ value: storeValue, ttlSeconds: storeTtl.optional() });
export type UpdateStoreEntryBody = z.infer<typeof UpdateStoreEntryBody>;
