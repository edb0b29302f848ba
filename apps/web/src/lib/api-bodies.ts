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

export const CreateTokenBody = z.object({ name: name('Token name') });
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

/** A page of a connection's dynamic options list (`POST …/connections/{id}/options/{name}`). */
export const ConnectionOptionsBody = z.object({
  search: z.string({ error: 'search must be text' }).max(200, 'search must be at most 200 characters').optional(),
  cursor: z.string({ error: 'cursor must be text' }).max(1000, 'cursor must be at most 1000 characters').optional(),
});
export type ConnectionOptionsBody = z.infer<typeof ConnectionOptionsBody>;
