import type { Metadata } from 'next';
import { EventLog } from '@/components/runs/event-log';

export const metadata: Metadata = { title: 'Event logs · Konnect' };

/** `?konnector=<id>`: one konnector's execution log. */
export default async function EventLogPage({ params, searchParams }: { params: Promise<{ workspaceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspaceId } = await params;
  const konnector = (await searchParams).konnector;
  const konnectorId = typeof konnector === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(konnector) ? konnector : null;
  return <EventLog workspaceId={workspaceId} konnectorId={konnectorId} />;
}
