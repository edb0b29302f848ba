/**
 * Sign-up: a user, their own workspace ("<Name>'s workspace") with them as owner, and every
 * pending invitation for their email accepted, in one transaction.
 */
import { hashPassword, Prisma, type Db } from '@konnect/db';
import { notifyMemberEvent } from '@konnect/platform';
import type { SignUpBody } from '../../lib/api-bodies';
import { AppError, rateLimited } from '../errors';
import { workspaceSlug } from '../workspaces/slug';
import { enforce, hit, limitKey, TooManyAttempts, type Limiter } from './rate-limit';

export interface SignUpResult {
  user: { id: string; name: string; email: string };
  workspace: { id: string; name: string; slug: string };
  /** Workspaces joined through pending invitations. */
  joined: { id: string; name: string }[];
}

const emailTaken = () => new AppError('conflict', 'An account with this email already exists. Sign in instead.', 'email');

/** Who is signing up, for the per-IP limit (SIGNUPS_PER_IP per SIGNUP_WINDOW_SECONDS; an unknown IP is not counted). */
export interface SignUpGuard {
  limiter: Limiter;
  ip: string | null;
}

async function countSignUp(guard: SignUpGuard): Promise<void> {
  if (!guard.ip) return;
  try {
    enforce([await hit(guard.limiter, limitKey(guard.limiter, 'signup', 'ip', guard.ip), guard.limiter.limits.signupPerIp)]);
  } catch (err) {
    if (err instanceof TooManyAttempts) throw rateLimited(err.retryAfterSeconds);
    throw err;
  }
}

export async function signUp(db: Db, body: SignUpBody, guard: SignUpGuard): Promise<SignUpResult> {
  await countSignUp(guard);
  if (await db.user.findUnique({ where: { email: body.email }, select: { id: true } })) throw emailTaken();
  const passwordHash = await hashPassword(body.password);
  const workspaceName = `${body.name}'s workspace`;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name: body.name, email: body.email, passwordHash }, select: { id: true, name: true, email: true } });
      const workspace = await tx.workspace.create({
        data: { name: workspaceName, slug: workspaceSlug(workspaceName), memberships: { create: { userId: user.id, role: 'owner' } } },
        select: { id: true, name: true, slug: true },
      });
      // Cross-workspace on purpose: the invitations addressed to this new user's own email.
      const invitations = await tx.invitation.findMany({ where: { email: body.email }, select: { id: true, workspaceId: true, role: true, workspace: { select: { name: true } } } });
      if (invitations.length) {
        await tx.membership.createMany({ data: invitations.map((i) => ({ userId: user.id, workspaceId: i.workspaceId, role: i.role })), skipDuplicates: true });
        await tx.invitation.deleteMany({ where: { id: { in: invitations.map((i) => i.id) } } });
        for (const i of invitations) await notifyMemberEvent(tx, { workspaceId: i.workspaceId, kind: 'invitation_accepted', who: { userId: user.id, label: `${user.name} (${user.email})` }, role: i.role });
      }
      return { user, workspace, joined: invitations.map((i) => ({ id: i.workspaceId, name: i.workspace.name })) };
    });
  } catch (err) {
    // Two sign-ups with the same email at once: the unique index decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw emailTaken();
    throw err;
  }
}
