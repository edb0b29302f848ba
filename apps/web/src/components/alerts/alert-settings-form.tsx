'use client';

import { useState, type FormEvent } from 'react';
import type { AlertSettings } from '@konnect/schemas';
import { Button } from '@/components/button';
import { ApiError, messageOf } from '@/lib/api-client';
import type { AlertSettingsDto } from '@/server/alerts/settings';

const EVENTS: { key: keyof AlertSettings['events']; label: string }[] = [
  { key: 'runFailed', label: 'A run failed (first failure at once, then a digest)' },
  { key: 'recovered', label: 'It works again after an alert' },
  { key: 'triggerPaused', label: 'Trigger paused' },
  { key: 'triggerResumed', label: 'Trigger resumed' },
  { key: 'connectionAttention', label: 'A connection needs attention' },
  { key: 'autoPaused', label: 'Turned off after repeated failures' },
];

export interface AlertFormBody extends AlertSettings {
  slackWebhookUrl?: string | null;
  webhookUrl?: string | null;
  rotateWebhookSecret?: boolean;
}

interface Props {
  dto: AlertSettingsDto;
  canEdit: boolean;
  saving: boolean;
  onSave: (body: AlertFormBody) => Promise<unknown>;
}

const check = 'h-4 w-4 rounded border-slate-300 text-indigo-600';
const input = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-50';

/** The alert settings form (workspace settings and a konnector's override). Webhook URLs are write-only: empty keeps them. */
export function AlertSettingsForm({ dto, canEdit, saving, onSave }: Props) {
  const [s, setS] = useState<AlertSettings>(dto.settings);
  const [members, setMembers] = useState(dto.settings.recipients.members.join(', '));
  const [slack, setSlack] = useState('');
  const [hook, setHook] = useState('');
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);

  const submit = async (e: FormEvent, extra: Partial<AlertFormBody> = {}) => {
    e.preventDefault();
    setError(null);
    const body: AlertFormBody = {
      ...s,
      recipients: { ...s.recipients, members: members.split(/[\s,;]+/).filter(Boolean) },
      ...(slack ? { slackWebhookUrl: slack } : {}),
      ...(hook ? { webhookUrl: hook } : {}),
      ...extra,
    };
    try {
      await onSave(body);
      setSlack('');
      setHook('');
    } catch (err) {
      setError({ message: messageOf(err), field: err instanceof ApiError ? err.field : undefined });
    }
  };
  const status = (channel: string) => {
    const d = dto.lastDelivery[channel];
    if (!d) return null;
    return <p className={`text-xs ${d.ok ? 'text-emerald-700' : 'text-red-800'}`}>Last delivery {d.ok ? 'succeeded' : 'failed'} ({new Date(d.at).toLocaleString()}): {d.message}</p>;
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4 text-sm">
      <fieldset disabled={!canEdit} className="flex flex-col gap-1">
        <legend className="mb-1 font-medium">Alert me when</legend>
        {EVENTS.map((ev) => (
          <label key={ev.key} className="flex items-center gap-2">
            <input type="checkbox" className={check} checked={s.events[ev.key]} onChange={(e) => setS({ ...s, events: { ...s.events, [ev.key]: e.target.checked } })} />
            {ev.label}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!canEdit} className="flex flex-col gap-1">
        <legend className="mb-1 font-medium">Who</legend>
        <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={s.recipients.owners} onChange={(e) => setS({ ...s, recipients: { ...s.recipients, owners: e.target.checked } })} />Owners</label>
        <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={s.recipients.admins} onChange={(e) => setS({ ...s, recipients: { ...s.recipients, admins: e.target.checked } })} />Admins</label>
        <label className="flex flex-col gap-1">Members (emails, comma separated)<input className={input} value={members} onChange={(e) => setMembers(e.target.value)} /></label>
      </fieldset>
      <fieldset disabled={!canEdit} className="flex flex-col gap-2">
        <legend className="mb-1 font-medium">Channels</legend>
        <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={s.channels.email} onChange={(e) => setS({ ...s, channels: { ...s.channels, email: e.target.checked } })} />Email</label>
        {status('email')}
        <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={s.channels.inApp} onChange={(e) => setS({ ...s, channels: { ...s.channels, inApp: e.target.checked } })} />In-app (the bell)</label>
        <label className="flex flex-col gap-1">
          Slack incoming webhook URL {dto.slack.configured ? <span className="text-xs text-slate-500">set: {dto.slack.hint} {dto.slack.source === 'workspace' ? '(from the workspace)' : ''}</span> : null}
          <input className={input} type="url" placeholder={dto.slack.configured ? 'Leave empty to keep it' : 'https://hooks.slack.com/services/…'} value={slack} onChange={(e) => setSlack(e.target.value)} />
        </label>
        {dto.slack.configured && dto.slack.source !== 'workspace' ? <Button variant="ghost" className="self-start !px-0 !py-0 text-xs" onClick={(e) => void submit(e, { slackWebhookUrl: null })}>Remove Slack</Button> : null}
        {status('slack')}
        <label className="flex flex-col gap-1">
          Webhook URL (signed JSON) {dto.webhook.configured ? <span className="text-xs text-slate-500">set: {dto.webhook.hint}</span> : null}
          <input className={input} type="url" placeholder={dto.webhook.configured ? 'Leave empty to keep it' : 'https://example.com/konnect-events'} value={hook} onChange={(e) => setHook(e.target.value)} />
        </label>
        {dto.webhook.configured && dto.webhook.source !== 'workspace' ? (
          <div className="flex gap-4 text-xs">
            <Button variant="ghost" className="!px-0 !py-0 text-xs" onClick={(e) => void submit(e, { rotateWebhookSecret: true })}>New signing secret</Button>
            <Button variant="ghost" className="!px-0 !py-0 text-xs" onClick={(e) => void submit(e, { webhookUrl: null })}>Remove webhook</Button>
          </div>
        ) : null}
        {status('webhook')}
      </fieldset>
      <fieldset disabled={!canEdit} className="grid grid-cols-2 gap-3">
        <label className="flex flex-col gap-1">Digest at most every (minutes)<input className={input} type="number" min={1} value={s.digestMinutes} onChange={(e) => setS({ ...s, digestMinutes: Number(e.target.value) })} /></label>
        <label className="flex flex-col gap-1">
          Turn off after N failed runs in a row (empty: never)
          <input className={input} type="number" min={2} value={s.autoPauseAfter ?? ''} onChange={(e) => setS({ ...s, autoPauseAfter: e.target.value === '' ? null : Number(e.target.value) })} />
        </label>
      </fieldset>
      {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">{error.field ? `${error.field}: ` : ''}{error.message}</p> : null}
      {canEdit ? <Button type="submit" disabled={saving} className="self-start">{saving ? 'Saving…' : 'Save alert settings'}</Button> : <p className="text-slate-500">Only owners and admins can change alert settings.</p>}
    </form>
  );
}

/** The webhook signing secret, shown once after it was generated. */
export function SecretOnce({ secret }: { secret: string | undefined }) {
  if (!secret) return null;
  return (
    <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Webhook signing secret (shown once, copy it now): <code className="break-all font-mono">{secret}</code>
      <p className="mt-1 text-xs">Verify each call: HMAC-SHA256 of “&lt;X-Konnect-Timestamp&gt;.&lt;raw body&gt;” with this secret, hex, must equal X-Konnect-Signature after “v1=”.</p>
    </div>
  );
}
