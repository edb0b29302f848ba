'use client';

/** "Event": the trigger or action select of the chosen app, grouped when the app groups them, with the chosen one's description. */
import { useId } from 'react';
import { describedBy, FieldFrame } from './field-frame';

export interface EventOption {
  key: string;
  name: string;
  description: string;
  group?: string | null;
}

interface EventSelectProps {
  options: readonly EventOption[];
  value: string;
  onChange: (key: string) => void;
  messages?: string[];
  /** The field's label: "Event" (actions), "Trigger event" for a trigger (the guide's "Trigger dropdown"). */
  label?: string;
}

export function EventSelect({ options, value, onChange, messages = [], label = 'Event' }: EventSelectProps) {
  const id = useId();
  const chosen = options.find((o) => o.key === value);
  const grouped = options.some((o) => o.group);
  const groups = new Map<string, EventOption[]>();
  for (const o of options) groups.set(o.group ?? 'Other', [...(groups.get(o.group ?? 'Other') ?? []), o]);
  const render = (list: readonly EventOption[]) =>
    list.map((o) => (
      <option key={o.key} value={o.key}>
        {o.name}
      </option>
    ));
  return (
    <FieldFrame id={id} label={label} required description={chosen?.description} messages={messages}>
      <select
        id={id}
        value={chosen ? value : ''}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, chosen?.description, messages)}
        onChange={(e) => onChange(e.target.value)}
        className={`rounded-md border bg-white px-3 py-2 text-sm ${messages.length ? 'border-red-400' : 'border-slate-300'}`}
      >
        <option value="" disabled>
          Choose an event…
        </option>
        {grouped
          ? [...groups.entries()].map(([group, list]) => (
              <optgroup key={group} label={group}>
                {render(list)}
              </optgroup>
            ))
          : render(options)}
      </select>
    </FieldFrame>
  );
}
