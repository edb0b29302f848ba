'use client';

/** The "Called by another konnector" trigger's declared inputs: name, type, required; the caller maps a value to each. */
import { CallParamType, type CallParam } from '@konnect/schemas';
import { Button } from '@/components/button';
import { messagesUnder, type PanelProblem } from './problems';
import type { DraftTrigger } from './types';

const TYPES = CallParamType.options;

function paramsOf(trigger: DraftTrigger): CallParam[] {
  const raw = trigger.input.inputs;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return [];
    const name = typeof p.name === 'string' ? p.name : '';
    const type = TYPES.find((t) => t === p.type) ?? 'text';
    return [{ name, type, required: p.required === true }];
  });
}

export function CalledInputs({ trigger, onChange, problems }: { trigger: DraftTrigger; onChange: (next: DraftTrigger) => void; problems: readonly PanelProblem[] }) {
  const params = paramsOf(trigger);
  const set = (next: CallParam[]) => onChange({ ...trigger, input: { ...trigger.input, inputs: next } });
  const edit = (i: number, patch: Partial<CallParam>) => set(params.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const messages = messagesUnder(problems, 'input');
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-800">Inputs</legend>
      <p className="text-xs text-slate-500">What a konnector that runs this one must (or may) send. Later steps use them as trigger fields.</p>
      {params.map((p, i) => (
        <div key={i} className="flex items-center gap-2">
          <input aria-label={`Input ${i + 1} name`} placeholder="name" value={p.name} onChange={(e) => edit(i, { name: e.target.value })} className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          <select aria-label={`Input ${i + 1} type`} value={p.type} onChange={(e) => edit(i, { type: TYPES.find((t) => t === e.target.value) ?? 'text' })} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-1 text-xs text-slate-700">
            <input type="checkbox" checked={p.required} onChange={(e) => edit(i, { required: e.target.checked })} />
            required
          </label>
          <Button variant="ghost" aria-label={`Remove input ${i + 1}`} className="px-2" onClick={() => set(params.filter((_, j) => j !== i))}>
            ×
          </Button>
        </div>
      ))}
      <Button variant="secondary" className="self-start px-2 py-1 text-xs" onClick={() => set([...params, { name: '', type: 'text', required: false }])}>
        + Add input
      </Button>
      {messages.map((m) => (
        <p key={m} className="text-xs text-red-700">
          {m}
        </p>
      ))}
      <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
        This konnector runs only when another one runs it (a “Run konnector” step), and only while it is on. End it with a Return step to send a result back.
      </p>
    </fieldset>
  );
}
