import type { Metadata } from 'next';
import { KonnectorDetail } from '@/components/konnectors/konnector-detail';

export const metadata: Metadata = { title: 'Konnector · Konnect' };

export default async function KonnectorPage({ params }: { params: Promise<{ konnectorId: string }> }) {
  const { konnectorId } = await params;
  return <KonnectorDetail konnectorId={konnectorId} />;
}
