import type { Metadata } from 'next';
import { KonnectorLibrary } from '@/components/konnectors/konnector-library';

export const metadata: Metadata = { title: 'Konnectors · Konnect' };

export default function KonnectorsPage() {
  return <KonnectorLibrary />;
}
