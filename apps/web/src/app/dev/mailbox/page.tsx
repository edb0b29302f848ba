import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { currentUser } from '@/server/current-user';
import { devMailboxUrl, devMessage, linksOf, listDevMessages, mayUseDevMailbox } from '@/server/dev-mailbox';

export const metadata: Metadata = { title: 'Dev mailbox · Konnect' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** What the development mailbox caught (npm start): the list, and one message as HTML (sandboxed) or text. */
export default async function DevMailboxPage({ searchParams }: { searchParams: Search }) {
  const user = await currentUser();
  if (!user && devMailboxUrl()) redirect('/signin?callbackUrl=%2Fdev%2Fmailbox');
  if (!(await mayUseDevMailbox(user))) notFound();
  const params = await searchParams;
  const id = typeof params.id === 'string' ? params.id : undefined;
  const tab = params.tab === 'text' ? 'text' : 'html';
  let messages: Awaited<ReturnType<typeof listDevMessages>> = [];
  let problem: string | null = null;
  try {
    messages = await listDevMessages();
  } catch (err) {
    problem = `The dev mailbox did not answer: ${err instanceof Error ? err.message : String(err)}`;
  }
  const open = id ? await devMessage(id).catch(() => null) : null;

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-6 py-8">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Dev mailbox</h1>
        <Link href="/app" className="text-sm text-indigo-700 hover:underline">
          Back to Konnect
        </Link>
      </div>
      <p className="text-sm text-slate-600">Every mail this development instance sent, caught by the local SMTP server (newest first, the last 500).</p>
      {problem ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)] gap-4">
        <ul aria-label="Messages" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {messages.length === 0 ? <li className="p-4 text-sm text-slate-500">No mail yet.</li> : null}
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/dev/mailbox?id=${m.id}`} className={`block p-3 text-sm hover:bg-slate-50 ${m.id === id ? 'bg-indigo-50' : ''}`}>
                <span className="block truncate font-medium text-slate-900">{m.subject || '(no subject)'}</span>
                <span className="block truncate text-xs text-slate-500">
                  to {m.to.join(', ')} · {new Date(m.receivedAt).toLocaleString('en-GB')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <section aria-label="Message" className="flex min-h-96 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
          {open ? (
            <>
              <h2 className="text-lg font-semibold">{open.subject}</h2>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
                <dt className="text-slate-500">From</dt>
                <dd>{open.from}</dd>
                <dt className="text-slate-500">To</dt>
                <dd>{open.to.join(', ')}</dd>
                <dt className="text-slate-500">Date</dt>
                <dd>{new Date(open.date).toLocaleString('en-GB')}</dd>
              </dl>
              <nav className="flex gap-2 text-sm" aria-label="Part">
                <Link href={`/dev/mailbox?id=${open.id}`} aria-current={tab === 'html' ? 'page' : undefined} className={tab === 'html' ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
                  HTML
                </Link>
                <Link href={`/dev/mailbox?id=${open.id}&tab=text`} aria-current={tab === 'text' ? 'page' : undefined} className={tab === 'text' ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
                  Text
                </Link>
              </nav>
              {tab === 'html' ? (
                <iframe title="HTML part" sandbox="" srcDoc={open.html || '<p>(no HTML part)</p>'} className="h-[32rem] w-full rounded border border-slate-200" />
              ) : (
                <pre className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm">{open.text || '(no text part)'}</pre>
              )}
              {linksOf(open.html).length ? (
                <div className="text-sm">
                  <h3 className="font-medium">Links in this mail</h3>
                  <ul className="list-disc pl-5">
                    {linksOf(open.html).map((href) => (
                      <li key={href}>
                        <a href={href} className="break-all text-indigo-700 hover:underline">
                          {href}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-500">{id ? 'That message is gone.' : 'Pick a message.'}</p>
          )}
        </section>
      </div>
    </main>
  );
}
