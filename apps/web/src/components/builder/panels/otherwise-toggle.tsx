'use client';

/** The Paths step's "Otherwise" branch: on (runs when no branch matches) or off (no match ends the run as filtered). */
import type { PathStep } from '@konnect/schemas';
import { useId, useState } from 'react';
import { Button } from '@/components/button';

interface OtherwiseToggleProps {
  step: PathStep;
  onChange: (next: PathStep) => void;
  messages: string[];
}

export function OtherwiseToggle({ step, onChange, messages }: OtherwiseToggleProps) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const on = step.otherwise !== undefined;
  const count = step.otherwise?.length ?? 0;
  const turnOff = () => {
    const { otherwise: _drop, ...rest } = step;
    setConfirming(false);
    onChange(rest);
  };
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input id={id} type="checkbox" checked={on} onChange={(e) => (e.target.checked ? onChange({ ...step, otherwise: step.otherwise ?? [] }) : count ? setConfirming(true) : turnOff())} />
        Otherwise branch
      </label>
      <p className="text-xs text-slate-500">{on ? 'Runs its steps when no branch matches.' : 'Without it, a run where no branch matches ends as filtered.'}</p>
      {messages.length ? <p className="text-xs text-amber-800">{messages.join(' · ')}</p> : null}
      {confirming ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          <p>
            Turning Otherwise off deletes its {count} step{count === 1 ? '' : 's'}.
          </p>
          <div className="flex gap-2">
            <Button variant="danger" className="px-2 py-1 text-xs" onClick={turnOff}>
              Delete Otherwise and its steps
            </Button>
            <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
