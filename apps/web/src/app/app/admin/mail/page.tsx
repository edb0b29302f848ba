import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { isInstanceAdmin } from '@/server/admin/instance-admin';
import { listMailLog, MailLogQuery } from '@/server/admin/mail-log';
import { currentUser } from '@/server/current-user';
import { db } from '@/server/services';

export const metadata: Metadata = { title: 'Mail log · Konnect' };
export const dynamic = 'force-dynamic';

const STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
const BADGE: Record<string, string> = { queued: 'bg-slate-100 text-slate-700', sending: 'bg-slate-100 text-slate-700', sent: 'bg-green-100 text-green-800', failed: 'bg-red-100 text-red-800' };

/** Instance admins (INSTANCE_ADMIN_EMAILS): every mail the instance queued, newest first. Never bodies. */
export default async function MailLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=%2Fapp%2Fadmin%2Fmail');
  if (!isInstanceAdmin(user.email)) notFound();
  const parsed = MailLogQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : MailLogQuery.parse({});
  const log = await listMailLog(db(), query);
  const pages = Math.max(1, Math.ceil(log.total / log.limit));
  const href = (over: { status?: string | undefined; page?: number }) => {
    const p = new URLSearchParams();
    const status = 'status' in over ? over.status : query.status;
    if (status) p.set('status', status);
    if ((over.page ?? 1) > 1) p.set('page', String(over.page));
    const s = p.toString();
    return `/app/admin/mail${s ? `?${s}` : ''}`;
  };
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB') : '—');

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-6 py-8">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Mail log</h1>
        <Link href="/app" className="text-sm text-indigo-700 hover:underline">
          Back to Konnect
        </Link>
      </div>
      <nav aria-label="Filter by status" className="flex gap-3 text-sm">
        <Link href={href({ status: undefined })} className={!query.status ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
          All
        </Link>
        {STATUSES.map((s) => (
          <Link key={s} href={href({ status: s })} className={query.status === s ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
            {s}
          </Link>
        ))}
      </nav>
      <table className="w-full table-fixed border-collapse rounded-lg bg-white text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th className="w-40 p-2">Queued</th>
            <th className="p-2">To</th>
            <th className="w-24 p-2">Template</th>
            <th className="p-2">Subject</th>
            <th className="w-24 p-2">Status</th>
            <th className="w-20 p-2">Attempts</th>
            <th className="p-2">Last error</th>
            <th className="w-40 p-2">Sent</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {log.mails.length === 0 ? (
            <tr>
              <td colSpan={8} className="p-4 text-slate-500">
                No mail.
              </td>
            </tr>
          ) : null}
          {log.mails.map((m) => (
            <tr key={m.id} className="align-top">
              <td className="p-2">{time(m.createdAt)}</td>
              <td className="break-all p-2">{m.to.join(', ')}</td>
              <td className="p-2">{m.template}</td>
              <td className="break-words p-2">{m.subject}</td>
              <td className="p-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[m.status] ?? ''}`}>{m.status}</span>
              </td>
              <td className="p-2">{m.attempts}</td>
              <td className="break-words p-2 text-red-800">{m.lastError ?? ''}</td>
              <td className="p-2">{time(m.sentAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="flex gap-4 text-sm text-slate-600">
        <span>
          Page {log.page} of {pages} ({log.total} mails)
        </span>
        {log.page > 1 ? <Link href={href({ page: log.page - 1 })}>Newer</Link> : null}
        {log.page < pages ? <Link href={href({ page: log.page + 1 })}>Older</Link> : null}
      </p>
    </main>
  );
}
