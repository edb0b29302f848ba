import type { Metadata } from 'next';
import { RunDetail } from '@/components/runs/run-detail';

export const metadata: Metadata = { title: 'Run · Konnect' };

export default async function RunPage({ params }: { params: Promise<{ workspaceId: string; runId: string }> }) {
  const { workspaceId, runId } = await params;
  return <RunDetail workspaceId={workspaceId} runId={runId} />;
}
