'use client';

/** "Configure your Trigger": app (Apps / Tools / All), event, connection, settings, Sample Fields, Continue. */
import { useState } from 'react';
import { Button } from '@/components/button';
import { OptionsSourceProvider } from '@/components/dynamic-options/options-source';
import type { CatalogueEntry } from '@/lib/api-types';
import { useConnections, useCatalogue } from '@/lib/queries';
import { triggerScanText } from '@/lib/trigger-health';
import { ScanNote } from '@/components/konnectors/scan-note';
import { AppChooser, ChosenApp } from './app-chooser';
import { soleConnection, ConnectionSelect } from './connection-select';
import { EventSelect } from './event-select';
import { HookRateOption } from './hook-rate-option';
import { HookRespondOption } from './hook-respond-option';
import { PanelFrame } from './panel-frame';
import { messagesAt, unplaced } from './problems';
import { sampleFor } from './sample-record';
import { SampleFields } from './sample-fields';
import { TriggerInputs } from './trigger-inputs';
import { CalledInputs } from './called-inputs';
import type { DraftTrigger, TriggerPanelProps } from './types';
import { HookTrigger } from './hook-trigger';

const SHOWN = ['connector', 'event', 'connectionId', 'input', 'pollSeconds', 'respond', 'rateLimit'];

export function TriggerPanel({ ctx, trigger, onChange, onSample, onDone }: TriggerPanelProps) {
  const { data: catalogue } = useCatalogue();
  const { data: connections } = useConnections(ctx.workspaceId);
  const [choosing, setChoosing] = useState(false);
  const app = catalogue?.find((c) => c.key === trigger.connector);
  const event = app?.triggers.find((t) => t.key === trigger.event);
  const problems = ctx.problems;

  function pickApp(entry: CatalogueEntry) {
    setChoosing(false);
    if (entry.key === trigger.connector) return;
    const only = entry.triggers.length === 1 ? entry.triggers[0]?.key : undefined;
    const connectionId = soleConnection(connections, entry);
    const next: DraftTrigger = { id: 'trigger', connector: entry.key, event: only ?? '', input: {}, ...(connectionId ? { connectionId } : {}) };
    onChange(next);
  }

  function pickEvent(key: string) {
    const { pollSeconds: _poll, ...rest } = trigger;
    onChange({ ...rest, event: key, input: {} });
  }

  return (
    <PanelFrame
      title="Configure your Trigger"
      subtitle="The event in an app that starts this konnector."
      readOnly={ctx.readOnly}
      problems={unplaced(problems, SHOWN)}
      footer={
        <Button className="self-end" onClick={onDone} disabled={!event}>
          Continue
        </Button>
      }
    >
      {app && !choosing ? <ChosenApp app={app} onChange={() => setChoosing(true)} /> : <AppChooser purpose="trigger" onPick={pickApp} onCancel={app ? () => setChoosing(false) : undefined} />}
      {messagesAt(problems, 'connector').map((m) => (
        <p key={m} className="text-xs text-red-700">
          {m}
        </p>
      ))}
      {app && !choosing ? (
        <>
          <EventSelect options={app.triggers} value={trigger.event} onChange={pickEvent} messages={messagesAt(problems, 'event')} label="Trigger event" />
          <ConnectionSelect
            workspaceId={ctx.workspaceId}
            app={app}
            value={trigger.connectionId}
            messages={messagesAt(problems, 'connectionId')}
            onChange={(connectionId) => {
              const { connectionId: _old, ...rest } = trigger;
              onChange(connectionId ? { ...rest, connectionId } : rest);
            }}
          />
          {event ? (
            <>
              <OptionsSourceProvider value={{ workspaceId: ctx.workspaceId, app, connectionId: trigger.connectionId }}>
                {event.kind === 'call' ? <CalledInputs trigger={trigger} onChange={onChange} problems={problems} /> : <TriggerInputs event={event} trigger={trigger} onChange={onChange} problems={problems} />}
              </OptionsSourceProvider>
              <ScanNote text={event.key === ctx.draft.trigger.event ? triggerScanText(ctx.triggerScan) : null} />
              {event.kind === 'webhook' ? <HookTrigger workspaceId={ctx.workspaceId} konnectorId={ctx.konnectorId} onSample={onSample} /> : null}
              {event.kind === 'webhook' ? <HookRespondOption trigger={trigger} onChange={onChange} problems={problems} /> : null}
              {event.kind === 'webhook' ? <HookRateOption trigger={trigger} onChange={onChange} problems={problems} /> : null}
              <SampleFields workspaceId={ctx.workspaceId} konnectorId={ctx.konnectorId} app={app} trigger={trigger} sample={sampleFor(ctx.sample, trigger)} onSample={onSample} />
            </>
          ) : null}
        </>
      ) : null}
    </PanelFrame>
  );
}

