import type { Metadata } from 'next';
import { BuilderPage } from '@/components/builder/builder-page';

export const metadata: Metadata = { title: 'New konnector · Konnect' };

export default function NewKonnectorPage() {
  return <BuilderPage konnectorId={null} />;
}
