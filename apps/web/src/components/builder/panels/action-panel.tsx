'use client';

/**
 * "Configure your Action": Setup (app, event, connection, on error) and Field Mapping (the
 * action's input form). Destructive actions show a warning.
 */
import type { ActionStep, OnError } from '@konnect/schemas';
import { useState } from 'react';
import { Button } from '@/components/button';
import { OptionsSourceProvider } from '@/components/dynamic-options/options-source';
import type { CatalogueEntry } from '@/lib/api-types';
import { useCatalogue, useConnections } from '@/lib/queries';
import { withOnError } from '../model/edits';
import { ActionSetup } from './action-setup';
import { FieldMapping } from './field-mapping';
import { FieldsProvider, usePanelFields } from './fields-context';
import { keepKnownKeys } from './input-values';
import { PanelFrame, withName } from './panel-frame';
import { stepLabel } from './picker-fields';
import { messagesUnder, unplaced } from './problems';
import { describeFields } from '@/components/schema-descriptors';
import { soleConnection } from './connection-select';
import type { StepPanelProps } from './types';

type Tab = 'setup' | 'mapping';
const SHOWN = ['name', 'connector', 'action', 'connectionId', 'onError', 'errorSteps', 'input'];

export function ActionPanel({ ctx, step, onChange, onDone }: StepPanelProps<ActionStep>) {
  const { data: catalogue } = useCatalogue();
  const { data: connections } = useConnections(ctx.workspaceId);
  const fields = usePanelFields(ctx, step.id);
  const app = catalogue?.find((c) => c.key === step.connector);
  const action = app?.actions.find((a) => a.key === step.action);
  const [tab, setTab] = useState<Tab>(action ? 'mapping' : 'setup');
  const problems = ctx.problems;

  function pickApp(entry: CatalogueEntry) {
    if (entry.key === step.connector) return;
    const connectionId = soleConnection(connections, entry);
    const { connectionId: _old, ...rest } = step;
    onChange({ ...rest, connector: entry.key, action: '', input: {}, ...(connectionId ? { connectionId } : {}) });
  }

  function pickAction(key: string) {
    const next = app?.actions.find((a) => a.key === key);
    const keys = next ? describeFields(next.input).map((f) => f.key) : [];
    onChange({ ...step, action: key, input: keepKnownKeys(step.input, keys) });
  }

  const tabs: { key: Tab; label: string; count: number }[] = [
    { key: 'setup', label: 'Setup', count: unplaced(problems, ['input', 'name']).length },
    { key: 'mapping', label: 'Field Mapping', count: messagesUnder(problems, 'input').length },
  ];

  return (
    <FieldsProvider value={fields}>
      <PanelFrame
        title="Configure your Action"
        subtitle={app && action ? `${app.name}: ${action.name}` : 'What Konnect does in an app.'}
        readOnly={ctx.readOnly}
        problems={unplaced(problems, SHOWN)}
        name={{ value: step.name ?? '', placeholder: stepLabel(step, catalogue ?? []), onChange: (t) => onChange(withName(step, t)) }}
        testRun={ctx.testRun}
        stepId={step.id}
        nav={
          <div role="tablist" aria-label="Action settings" className="flex gap-4 border-b border-slate-200">
            {tabs.map((t) => (
              <button
                key={t.key}
                type="button"
                role="tab"
                aria-selected={tab === t.key}
                onClick={() => setTab(t.key)}
                className={`-mb-px border-b-2 px-1 pb-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${tab === t.key ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
              >
                {t.label}
                {t.count ? <span className="ml-1 rounded-full bg-amber-100 px-1.5 text-xs text-amber-900">{t.count}</span> : null}
              </button>
            ))}
          </div>
        }
        footer={
          <Button className="self-end" onClick={tab === 'setup' && action ? () => setTab('mapping') : onDone}>
            Continue
          </Button>
        }
      >
        {action?.destructive && app ? (
          <p role="note" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            This action deletes data in {app.name}: each run removes the matching record there, and it cannot be undone.
          </p>
        ) : null}
        {app?.key === 'storage' && action && !['get_value', 'get_list'].includes(action.key) ? (
          <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This step writes to the workspace’s Storage; a Test run writes there for real, as a live run would.
          </p>
        ) : null}
        <div role="tabpanel" aria-label={tab === 'setup' ? 'Setup' : 'Field Mapping'} className="flex flex-col gap-4">
          {tab === 'setup' ? (
            <ActionSetup
              workspaceId={ctx.workspaceId}
              step={step}
              app={app}
              problems={problems}
              onPickApp={pickApp}
              onPickAction={pickAction}
              onConnection={(connectionId) => {
                const { connectionId: _old, ...rest } = step;
                onChange(connectionId ? { ...rest, connectionId } : rest);
              }}
              onError={(onError: OnError) => onChange(withOnError(step, onError))}
            />
          ) : action ? (
            <OptionsSourceProvider value={app ? { workspaceId: ctx.workspaceId, app, connectionId: step.connectionId } : undefined}>
              <FieldMapping action={action} input={step.input} problems={problems} onChange={(input) => onChange({ ...step, input })} />
            </OptionsSourceProvider>
          ) : (
            <p className="text-sm text-slate-600">Choose an app and an event in Setup first.</p>
          )}
        </div>
      </PanelFrame>
    </FieldsProvider>
  );
}
