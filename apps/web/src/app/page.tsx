export default function Home() {
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-bold tracking-tight">Konnect</h1>
      <p className="text-lg text-slate-600">
        Connect your apps, build konnectors from a trigger, filters, paths, code and actions, and review every run in the event log.
      </p>
      <p className="text-sm text-slate-500">
        Service status: <a className="text-indigo-600 underline" href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
