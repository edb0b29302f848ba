'use client';

/**
 * The frame of every side panel: title, editable step name, problems no field shows, the
 * controls (disabled together when read-only) and the step's last test result.
 */
import { useId, type ReactNode } from 'react';
import { Field } from '@/components/field';
import { StepCard } from '@/components/runs/step-card';
import type { TestRunDto } from '@/lib/api-types';
import { PanelProblems } from './field-frame';
import type { PanelProblem } from './problems';

interface PanelFrameProps {
  title: string;
  subtitle?: ReactNode;
  readOnly: boolean;
  /** Problems to list at the top (those no field shows). */
  problems: readonly PanelProblem[];
  /** The step's name, editable; absent for the trigger. */
  name?: { value: string; placeholder: string; onChange: (next: string) => void };
  testRun?: TestRunDto | null;
  stepId?: string;
  children: ReactNode;
  /** Above the controls, never disabled (e.g. tabs: a read-only panel can still be looked through). */
  nav?: ReactNode;
  /** Below the controls, never disabled (e.g. "Continue"). */
  footer?: ReactNode;
}

export function PanelFrame({ title, subtitle, readOnly, problems, name, testRun, stepId, children, nav, footer }: PanelFrameProps) {
  const headingId = useId();
  const nameId = useId();
  const views = stepId ? (testRun?.steps.filter((s) => s.stepId === stepId) ?? []) : [];
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-4">
      <header className="flex flex-col gap-1">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {subtitle ? <div className="text-sm text-slate-600">{subtitle}</div> : null}
        {readOnly ? <p className="text-xs text-slate-500">Read only: you cannot edit this konnector.</p> : null}
      </header>
      {name ? <Field id={nameId} label="Step name" maxLength={120} disabled={readOnly} placeholder={name.placeholder} value={name.value} onChange={(e) => name.onChange(e.target.value)} /> : null}
      <PanelProblems problems={problems} />
      {nav}
      <fieldset disabled={readOnly} className="flex min-w-0 flex-col gap-4">
        {children}
      </fieldset>
      {footer}
      {views.length ? (
        <details className="rounded-lg border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">Test result</summary>
          <div className="flex flex-col gap-2 border-t border-slate-200 p-2">
            {views.map((v) => (
              <StepCard key={`${v.stepId}-${v.iteration}`} view={v} open={views.length === 1} />
            ))}
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** The step with its name as typed; blank → no name (the canvas shows its default label). */
export function withName<S extends { name?: string }>(step: S, text: string): S {
  const { name: _old, ...rest } = step;
  return (text.trim() === '' ? rest : { ...rest, name: text.slice(0, 120) }) as S;
}
