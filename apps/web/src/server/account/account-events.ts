/**
 * A person's security log (AccountEvent): sign-in, sign-out, sign-up, password/email/2FA changes,
 * session revocations. Recording never fails the action it records: a failed insert is logged
 * and the action goes on (the action itself is the user's intent; the log is evidence).
 */
import type { Db, Prisma } from '@konnect/db';

export type AccountAction =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  | 'sign_out'
  | 'sign_up'
  | 'email.verified'
  | 'email.changed'
  | 'password.changed'
  | 'password.reset_requested'
  | 'password.reset'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'two_factor.recovery_codes_regenerated'
  | 'two_factor.recovery_code_used'
  | 'session.revoked'
  | 'sessions.revoked_all'
  | 'invitation.accepted'
  | 'invitation.declined';

export interface AccountEventInput {
  userId: string | null;
  action: AccountAction;
  /** Non-secret details only. */
  details?: Prisma.InputJsonObject;
  ip?: string | null;
  userAgent?: string | null;
}

export async function recordAccountEvent(db: Pick<Db, 'accountEvent'>, event: AccountEventInput): Promise<void> {
  try {
    await db.accountEvent.create({
      data: { userId: event.userId, action: event.action, details: event.details ?? {}, ip: event.ip ?? null, userAgent: event.userAgent?.slice(0, 300) ?? null },
    });
  } catch (err) {
    console.error(`account event ${event.action} not recorded:`, err instanceof Error ? err.message : err);
  }
}
