/** The signed-in user for server components and layouts (null when signed out or deleted). */
import { getServerSession } from 'next-auth';
import { authOptions } from './auth-options';
import { db } from './services';

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
}

export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return db().user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}

/** Only same-site paths are followed after sign-in ("/app/x", never "//evil.test" or "https://…"). */
export function safeCallbackUrl(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/app';
}
