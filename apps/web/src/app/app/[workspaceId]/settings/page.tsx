import type { Metadata } from 'next';
import { AlertsSection } from '@/components/settings/alerts-section';
import { AuditLog } from '@/components/settings/audit-log';
import { MembersSection } from '@/components/settings/members-section';
import { SecuritySection } from '@/components/settings/security-section';
import { TokensSection } from '@/components/settings/tokens-section';
import { WorkersSection } from '@/components/settings/workers-section';
import { WorkspaceNameForm } from '@/components/settings/workspace-name-form';

export const metadata: Metadata = { title: 'Settings · Konnect' };

export default function SettingsPage() {
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <WorkspaceNameForm />
      <MembersSection />
      <AlertsSection />
      <TokensSection />
      <SecuritySection />
      <AuditLog />
      <WorkersSection />
    </div>
  );
}
