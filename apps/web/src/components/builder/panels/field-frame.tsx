/** A field's label (required mark), description and problem messages around its control. */
import type { ReactNode } from 'react';

export interface FieldFrameProps {
  id: string;
  label: string;
  required?: boolean;
  description?: ReactNode;
  messages?: string[];
  children: ReactNode;
}

export const labelId = (id: string) => `${id}-label`;

/** The ids a control's aria-describedby lists (its description and its problems). */
export function describedBy(id: string, description: unknown, messages: readonly string[] = []): string | undefined {
  return [description ? `${id}-description` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function FieldFrame({ id, label, required, description, messages = [], children }: FieldFrameProps) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label id={labelId(id)} htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
        {required ? (
          <span className="text-red-600" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children}
      {description ? (
        <p id={`${id}-description`} className="text-xs text-slate-500">
          {description}
        </p>
      ) : null}
      {messages.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {messages.join(' · ')}
        </p>
      ) : null}
    </div>
  );
}

/** Problems that no field shows, at the top of a panel. */
export function PanelProblems({ problems }: { problems: readonly { path: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <ul aria-label="Problems" className="flex flex-col gap-1 text-sm">
      {problems.map((p, i) => (
        <li key={`${p.path}-${i}`} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          {p.message}
        </li>
      ))}
    </ul>
  );
}
