/**
 * The development mailbox page's data: read server-side from the dev mailbox's JSON API
 * (DEV_MAILBOX_URL, set by `npm start`). The page exists only when DEV_MAILBOX_URL is set, and only
 * for signed-in users who own some workspace; everyone else gets a 404.
 */
import { loadWebEnv } from '../env';
import type { CurrentUser } from './current-user';
import { db } from './services';

export interface DevMessageSummary {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  receivedAt: string;
}

export interface DevMessage extends DevMessageSummary {
  cc: string[];
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function devMailboxUrl(): string | undefined {
  return loadWebEnv().DEV_MAILBOX_URL;
}

/** Whether `user` may see the dev mailbox: the mailbox is configured and they own a workspace. */
export async function mayUseDevMailbox(user: CurrentUser | null): Promise<boolean> {
  if (!user || !devMailboxUrl()) return false;
  // Across workspaces on purpose: "owner of some workspace" is the rule.
  return Boolean(await db().membership.findFirst({ where: { userId: user.id, role: 'owner' }, select: { id: true } }));
}

async function get<T>(path: string): Promise<T | null> {
  const base = devMailboxUrl();
  if (!base) return null;
  const res = await fetch(new URL(path, base), { cache: 'no-store', signal: AbortSignal.timeout(5000) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`the dev mailbox answered ${res.status}`);
  return (await res.json()) as T;
}

export async function listDevMessages(): Promise<DevMessageSummary[]> {
  return (await get<{ messages: DevMessageSummary[] }>('/api/messages'))?.messages ?? [];
}

export async function devMessage(id: string): Promise<DevMessage | null> {
  if (!/^[\w-]{1,100}$/.test(id)) return null;
  return get<DevMessage>(`/api/messages/${id}`);
}

/** The http(s) links in a mail's HTML, so they can be followed from the page (the HTML view is sandboxed). */
export function linksOf(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/href="(https?:\/\/[^"]+)"/g)) out.add((m[1] ?? '').replace(/&amp;/g, '&'));
  return [...out];
}
