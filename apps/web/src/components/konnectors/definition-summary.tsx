'use client';

import type { Step } from '@konnect/schemas';
import { AppIcon } from '@/components/connections/app-icon';
import type { CatalogueEntry, ConnectionDto } from '@/lib/api-types';
import { KonnectorDraft } from '@/lib/konnector-bodies';

interface Lookup {
  app: (key: string) => CatalogueEntry | undefined;
  connection: (id: string | undefined) => ConnectionDto | undefined;
}

const TYPE_LABEL: Record<Step['type'], string> = { filter: 'Filter', path: 'Paths', code: 'Code', repeater: 'Repeater', action: 'Action' };

function stepTitle(step: Step, look: Lookup): string {
  if (step.name) return step.name;
  if (step.type !== 'action') return TYPE_LABEL[step.type];
  const app = look.app(step.connector);
  return `${app?.name ?? step.connector}: ${app?.actions.find((a) => a.key === step.action)?.name ?? step.action}`;
}

function StepItems({ steps, look }: { steps: Step[]; look: Lookup }) {
  if (steps.length === 0) return <p className="text-sm text-slate-500">No steps.</p>;
  return (
    <ol className="flex flex-col gap-2">
      {steps.map((step) => (
        <li key={step.id} className="flex flex-col gap-2">
          <div className="flex items-center gap-3 rounded-md border border-slate-200 bg-white px-3 py-2">
            {step.type === 'action' ? <AppIcon entry={look.app(step.connector)} size={20} /> : <span aria-hidden="true" className="inline-block h-5 w-5 rounded bg-slate-200" />}
            <span className="min-w-0 flex-1 text-sm">
              <span className="font-medium text-slate-900">{stepTitle(step, look)}</span>
              <span className="ml-2 text-xs text-slate-500">
                {TYPE_LABEL[step.type]} · {step.id}
                {step.type === 'action' ? ` · ${look.connection(step.connectionId)?.name ?? (step.connectionId ? 'unknown connection' : 'no connection')}` : ''}
                {step.type === 'repeater' ? ` · over ${step.items}` : ''}
              </span>
            </span>
          </div>
          {step.type === 'path' ? (
            <div className="ml-6 flex flex-col gap-2 border-l-2 border-slate-200 pl-4">
              {step.branches.map((b) => (
                <div key={b.id} className="flex flex-col gap-1">
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Branch: {b.name}</p>
                  <StepItems steps={b.steps} look={look} />
                </div>
              ))}
              {step.otherwise ? (
                <div className="flex flex-col gap-1">
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Otherwise</p>
                  <StepItems steps={step.otherwise} look={look} />
                </div>
              ) : null}
            </div>
          ) : null}
          {step.type === 'repeater' ? (
            <div className="ml-6 border-l-2 border-slate-200 pl-4">
              <StepItems steps={step.steps} look={look} />
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The draft as a readable outline: trigger, then the steps (paths and repeaters nested). */
export function DefinitionSummary({ draft, apps, connections }: { draft: unknown; apps: CatalogueEntry[]; connections: ConnectionDto[] }) {
  const parsed = KonnectorDraft.safeParse(draft);
  if (!parsed.success) return <p className="text-sm text-red-800">This draft cannot be read any more; fix it through the API.</p>;
  const look: Lookup = { app: (key) => apps.find((a) => a.key === key), connection: (id) => connections.find((c) => c.id === id) };
  const { trigger, steps } = parsed.data;
  const app = look.app(trigger.connector);
  const event = app?.triggers.find((t) => t.key === trigger.event);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2">
        <AppIcon entry={app} size={24} />
        <p className="text-sm">
          <span className="text-xs font-semibold uppercase tracking-wide text-indigo-800">Trigger </span>
          {trigger.connector ? (
            <>
              <span className="font-medium">{app?.name ?? trigger.connector}</span>: {event?.name ?? (trigger.event || 'no event chosen')}
              {trigger.connectionId ? <span className="text-xs text-slate-600"> · {look.connection(trigger.connectionId)?.name ?? 'unknown connection'}</span> : null}
              {trigger.pollSeconds ? <span className="text-xs text-slate-600"> · every {trigger.pollSeconds} s</span> : null}
            </>
          ) : (
            <span className="text-slate-600">No trigger chosen yet</span>
          )}
        </p>
      </div>
      <StepItems steps={steps} look={look} />
    </div>
  );
}
