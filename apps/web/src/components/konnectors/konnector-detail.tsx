'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/button';
import { RunList } from '@/components/runs/run-list';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { messageOf } from '@/lib/api-client';
import { useKonnector } from '@/lib/konnector-queries';
import { useCatalogue, useConnections } from '@/lib/queries';
import { ActiveToggle } from './active-toggle';
import { DefinitionSummary } from './definition-summary';
import { DetailActions } from './detail-actions';
import { ProblemsList } from './problems-list';
import { TestRunPanel } from './test-run-panel';
import { VersionsSection } from './versions-section';

function WebhookUrl({ url, enabled }: { url: string; enabled: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="webhook-heading" className="flex flex-col gap-2">
      <h2 id="webhook-heading" className="text-lg font-semibold">
        Webhook URL
      </h2>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-white px-3 py-2 font-mono text-sm" data-testid="webhook-url">
          {url}
        </code>
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="text-xs text-slate-500">{enabled ? 'POST JSON to this URL to start a run.' : 'Disabled while the konnector is inactive.'}</p>
    </section>
  );
}

/** A konnector for now (the visual builder comes later): its outline, problems, webhook, versions and runs. */
export function KonnectorDetail({ konnectorId }: { konnectorId: string }) {
  const ws = useWorkspace();
  const query = useKonnector(ws.id, konnectorId);
  const catalogue = useCatalogue();
  const connections = useConnections(ws.id);
  if (query.isPending) return <ListSkeleton label="Loading the konnector" rows={4} />;
  if (query.isError) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        Could not load this konnector: {messageOf(query.error)}
      </p>
    );
  }
  const k = query.data;
  return (
    <section className="flex flex-col gap-8">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/app/${ws.id}/konnectors`} className="underline-offset-2 hover:underline">
          Konnectors
        </Link>{' '}
        / {k.name}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="text-2xl font-semibold">{k.name}</h1>
          {k.description ? <p className="text-sm text-slate-600">{k.description}</p> : null}
          {k.tags.length ? <p className="text-xs text-slate-500">Tags: {k.tags.join(', ')}</p> : null}
          <p className="text-xs text-slate-500">{k.publishedVersion ? `Version ${k.publishedVersion.number} published` : 'Never published'}</p>
        </div>
        <div className="flex flex-col items-end gap-3">
          <ActiveToggle workspaceId={ws.id} konnector={k} />
          <DetailActions workspaceId={ws.id} konnector={k} canDelete={canManage(ws)} />
        </div>
      </header>

      {k.triggerError ? (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The trigger cannot run: {k.triggerError}
        </p>
      ) : null}
      {k.status === 'active' && k.hasUnpublishedChanges ? (
        <p className="rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-900">The draft has changes that are not live yet: turn the konnector off and on again to publish them.</p>
      ) : null}

      <section aria-labelledby="problems-heading" className="flex flex-col gap-2">
        <h2 id="problems-heading" className="text-lg font-semibold">
          {k.problems.length ? `Problems (${k.problems.length})` : 'No problems'}
        </h2>
        {k.problems.length ? <ProblemsList problems={k.problems} /> : <p className="text-sm text-slate-600">{k.status === 'active' ? 'The draft is valid.' : 'The draft is valid: this konnector can be turned on.'}</p>}
      </section>

      <section aria-labelledby="definition-heading" className="flex flex-col gap-2">
        <h2 id="definition-heading" className="text-lg font-semibold">
          Definition
        </h2>
        <DefinitionSummary draft={k.draft} apps={catalogue.data ?? []} connections={connections.data ?? []} />
      </section>

      {k.webhook ? <WebhookUrl url={k.webhook.url} enabled={k.webhook.enabled && k.status === 'active'} /> : null}
      <TestRunPanel workspaceId={ws.id} konnectorId={k.id} disabled={k.problems.length > 0} />
      <VersionsSection workspaceId={ws.id} konnectorId={k.id} />

      <section aria-labelledby="runs-heading" className="flex flex-col gap-3">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Runs
        </h2>
        <RunList workspaceId={ws.id} konnectorId={k.id} />
      </section>
    </section>
  );
}
