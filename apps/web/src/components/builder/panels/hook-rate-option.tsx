'use client';

/** Catch Hook trigger: this hook's own rate limit (calls per second and burst); empty: the instance default. */
import { DEFAULT_HOOK_RATE, MAX_HOOK_RATE_PER_SEC } from '@konnect/schemas';
import { NumberField } from './number-field';
import { messagesAt, type PanelProblem } from './problems';
import type { DraftTrigger } from './types';

interface HookRateOptionProps {
  trigger: DraftTrigger;
  onChange: (next: DraftTrigger) => void;
  problems: readonly PanelProblem[];
}

export function HookRateOption({ trigger, onChange, problems }: HookRateOptionProps) {
  const own = trigger.rateLimit;
  function set(perSecond: number | undefined, burst: number | undefined) {
    const { rateLimit: _old, ...rest } = trigger;
    // No rate: the instance default (a burst alone means nothing).
    onChange(perSecond === undefined ? rest : { ...rest, rateLimit: { perSecond, ...(burst !== undefined ? { burst } : {}) } });
  }
  const messages = messagesAt(problems, 'rateLimit');
  return (
    <section aria-label="Rate limit" className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
      <p className="text-sm font-medium text-slate-800">Rate limit</p>
      <p className="text-xs text-slate-500">
        Calls past the limit get 429 with Retry-After (senders retry). Empty: this instance’s default (normally {DEFAULT_HOOK_RATE.perSecond} calls/s, bursts of{' '}
        {DEFAULT_HOOK_RATE.burst}). The instance also caps each hook and all the hooks of a workspace together. A change applies once the konnector is published.
      </p>
      {messages.length ? <p className="text-xs text-red-700">{messages.join(' · ')}</p> : null}
      <NumberField
        label="Calls per second"
        min={1}
        max={MAX_HOOK_RATE_PER_SEC}
        value={own?.perSecond}
        placeholder={String(DEFAULT_HOOK_RATE.perSecond)}
        description={`1–${MAX_HOOK_RATE_PER_SEC} calls per second for this hook.`}
        messages={messagesAt(problems, ['rateLimit', 'perSecond'])}
        onChange={(n) => set(n, own?.burst)}
      />
      {own ? (
        <NumberField
          label="Burst"
          min={1}
          max={2 * MAX_HOOK_RATE_PER_SEC}
          value={own.burst}
          placeholder={String(2 * own.perSecond)}
          description="Calls taken at once after a quiet spell (default: twice the rate)."
          messages={messagesAt(problems, ['rateLimit', 'burst'])}
          onChange={(n) => set(own.perSecond, n)}
        />
      ) : null}
    </section>
  );
}
