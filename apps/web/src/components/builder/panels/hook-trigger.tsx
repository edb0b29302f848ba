'use client';

/**
 * A Catch Hook trigger's URL, shown (with Copy) as soon as the trigger is chosen — a konnector never
 * saved is saved as a draft first, so the URL is the one it keeps when turned on — and "Listen for
 * a test request", which catches the next call to it as the trigger's sample (Zapier's and n8n's
 * way of getting sample data from a webhook).
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/button';
import { messageOf } from '@/lib/api-client';
import { useHookListen, useHookUrl, useListenControl } from '@/lib/hook-queries';
import type { TriggerSample } from '@/lib/konnector-bodies';
import { useSaveAsDraft } from '../hook-draft-context';
import { listenText } from './listen-text';

/** How long one "Listen for a test request" waits, in seconds. */
export const LISTEN_SECONDS = 120;

const TONES = {
  idle: 'text-slate-600',
  waiting: 'text-indigo-900',
  good: 'text-emerald-800',
  bad: 'text-red-800',
} as const;

async function copyText(text: string, field: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an insecure page): select the text so Ctrl/⌘-C copies it.
    if (!field) return false;
    const range = document.createRange();
    range.selectNodeContents(field);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    return document.execCommand('copy');
  }
}

function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** A konnector never saved: saved as a draft once, then this page becomes the konnector's. */
function SavingDraft() {
  const saveAsDraft = useSaveAsDraft();
  const started = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    if (!saveAsDraft) return;
    setError(null);
    saveAsDraft().catch((err: unknown) => {
      started.current = false;
      setError(messageOf(err));
    });
  };
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    save();
    // Once per mount: a failure offers "Try again".
  }, []);
  return (
    <section aria-label="Webhook URL" className="flex flex-col gap-1.5 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
      <h3 className="font-semibold text-slate-900">Webhook URL</h3>
      {error ? (
        <>
          <p role="alert" className="text-red-800">
            Could not save the konnector as a draft to give it its URL: {error}
          </p>
          <Button variant="secondary" className="self-start !py-1" onClick={save}>
            Try again
          </Button>
        </>
      ) : (
        <p className="text-slate-600">Saving the konnector as a draft to give it its own URL…</p>
      )}
    </section>
  );
}

export function HookTrigger({ workspaceId, konnectorId, onSample }: { workspaceId: string; konnectorId: string | null; onSample: (sample: TriggerSample) => void }) {
  const hook = useHookUrl(workspaceId, konnectorId);
  const listen = useHookListen(workspaceId, konnectorId);
  const control = useListenControl(workspaceId, konnectorId);
  const urlRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const applied = useRef<string | null>(null);
  const status = listen.data;
  const listening = status?.state === 'listening';
  const now = useTick(listening);

  // The request this page listened for became the sample: hand it to the builder once.
  useEffect(() => {
    if (startedAt === null || status?.state !== 'caught' || !status.sample || !status.caughtAt) return;
    if (applied.current === status.caughtAt) return;
    applied.current = status.caughtAt;
    onSample(status.sample);
  }, [startedAt, status, onSample]);

  if (konnectorId === null) return <SavingDraft />;
  const text = listenText(status, now, startedAt);
  const start = () => {
    setStartedAt(Date.now());
    control.mutate(LISTEN_SECONDS);
  };

  return (
    <section aria-label="Webhook URL" className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3">
      <h3 className="text-sm font-semibold text-slate-900">Webhook URL</h3>
      {hook.error ? (
        <p role="alert" className="text-sm text-red-800">
          Could not get the URL: {messageOf(hook.error)}
        </p>
      ) : (
        <div className="flex items-center gap-2">
          <code ref={urlRef} data-testid="webhook-url" title={hook.data?.url} className="min-w-0 flex-1 break-all rounded-md border border-slate-200 bg-white px-2.5 py-1.5 font-mono text-xs">
            {hook.data?.url ?? 'Getting the URL…'}
          </code>
          <Button
            variant="secondary"
            className="!py-1.5"
            disabled={!hook.data}
            aria-label="Copy webhook URL"
            onClick={() => {
              if (hook.data) void copyText(hook.data.url, urlRef.current).then(setCopied);
            }}
          >
            {copied === true ? 'Copied' : 'Copy'}
          </Button>
        </div>
      )}
      {copied === false ? <p className="text-xs text-slate-600">The URL is selected: press Ctrl+C (⌘C) to copy it.</p> : null}
      {hook.data ? <p className="text-xs text-slate-500">{hook.data.enabled ? 'The konnector is on: each request starts a run.' : 'This URL stays the same when you turn the konnector on; until then it only catches test requests.'}</p> : null}
      <div className="flex flex-col gap-1.5 border-t border-slate-200 pt-2">
        <p role="status" className={`text-sm ${TONES[text.tone]}`}>
          {text.text}
        </p>
        {control.error ? (
          <p role="alert" className="text-sm text-red-800">
            {messageOf(control.error)}
          </p>
        ) : null}
        {listen.error && listening ? <p className="text-xs text-red-800">Lost track of the listening window: {messageOf(listen.error)}</p> : null}
        <div className="flex gap-2">
          {listening ? (
            <Button variant="secondary" className="!py-1" disabled={control.isPending} onClick={() => control.mutate(null)}>
              Stop listening
            </Button>
          ) : (
            <Button variant="secondary" className="!py-1" disabled={control.isPending || !hook.data} onClick={start}>
              {status?.state === 'caught' || status?.state === 'timed_out' || status?.state === 'failed' ? 'Listen again' : 'Listen for a test request'}
            </Button>
          )}
        </div>
      </div>
    </section>
  );
}
