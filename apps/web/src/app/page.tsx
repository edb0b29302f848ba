import Link from 'next/link';

export default function Home() {
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-bold tracking-tight">Konnect</h1>
      <p className="text-lg text-slate-600">
        Connect your apps, build konnectors from a trigger, filters, paths, code and actions, and review every run in the event log.
      </p>
      <div className="flex gap-3">
        <Link href="/app" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
          Open Konnect
        </Link>
        <Link href="/signup" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
          Create an account
        </Link>
      </div>
      <p className="text-sm text-slate-500">
        Service status: <a className="text-indigo-600 underline" href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
