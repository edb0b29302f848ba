import type { Metadata } from 'next';
import { RunList } from '@/components/runs/run-list';

export const metadata: Metadata = { title: 'Event log · Konnect' };

export default async function EventLogPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  return (
    <section className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold">Event log</h1>
        <p className="text-sm text-slate-600">Every run of every konnector in this workspace, newest first.</p>
      </header>
      <RunList workspaceId={workspaceId} />
    </section>
  );
}
