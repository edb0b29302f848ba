'use client';

/** The action's Setup tab: app (Apps / Tools / All), event, connection, what to do on error. */
import type { ActionStep, OnError } from '@konnect/schemas';
import { useId, useState } from 'react';
import type { CatalogueEntry } from '@/lib/api-types';
import { AppChooser, ChosenApp } from './app-chooser';
import { ConnectionSelect } from './connection-select';
import { EventSelect } from './event-select';
import { FieldFrame } from './field-frame';
import { messagesAt, type PanelProblem } from './problems';

const ON_ERROR: { value: OnError; label: string }[] = [
  { value: 'stop', label: 'Stop the run' },
  { value: 'continue', label: 'Skip this step and continue' },
  { value: 'retry', label: 'Retry longer, then stop' },
  { value: 'branch', label: 'Run error branch' },
];

interface ActionSetupProps {
  workspaceId: string;
  step: ActionStep;
  app: CatalogueEntry | undefined;
  problems: readonly PanelProblem[];
  onPickApp: (app: CatalogueEntry) => void;
  onPickAction: (key: string) => void;
  onConnection: (connectionId: string | undefined) => void;
  onError: (onError: OnError) => void;
}

export function ActionSetup({ workspaceId, step, app, problems, onPickApp, onPickAction, onConnection, onError }: ActionSetupProps) {
  const [choosing, setChoosing] = useState(false);
  const onErrorId = useId();
  if (!app || choosing) {
    return (
      <>
        <AppChooser
          purpose="action"
          onPick={(a) => {
            setChoosing(false);
            onPickApp(a);
          }}
          onCancel={app ? () => setChoosing(false) : undefined}
        />
        {messagesAt(problems, 'connector').map((m) => (
          <p key={m} className="text-xs text-red-700">
            {m}
          </p>
        ))}
      </>
    );
  }
  return (
    <>
      <ChosenApp app={app} onChange={() => setChoosing(true)} />
      <EventSelect options={app.actions} value={step.action} onChange={onPickAction} messages={messagesAt(problems, 'action')} />
      <ConnectionSelect workspaceId={workspaceId} app={app} value={step.connectionId} onChange={onConnection} messages={messagesAt(problems, 'connectionId')} />
      <FieldFrame id={onErrorId} label="On error" description="What happens when the app answers with an error (after quick retries). “Run error branch” adds a red branch on the canvas: its steps run instead of the rest, with {{error.message}} in reach." messages={[...messagesAt(problems, 'onError'), ...messagesAt(problems, 'errorSteps')]}>
        <select id={onErrorId} value={step.onError} onChange={(e) => onError(e.target.value as OnError)} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          {ON_ERROR.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </FieldFrame>
    </>
  );
}
