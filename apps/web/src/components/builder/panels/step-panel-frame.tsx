'use client';

/**
 * The frame of a filter, path, code or repeater panel: PanelFrame wired to the step (its name,
 * problems, last test result, read-only mode) with a "Continue" footer.
 */
import type { ReactNode } from 'react';
import type { Step } from '@konnect/schemas';
import { Button } from '@/components/button';
import { PanelFrame, withName } from './panel-frame';
import { unplaced } from './problems';
import type { StepPanelProps } from './types';

interface StepPanelFrameProps<S extends Step> extends StepPanelProps<S> {
  title: string;
  subtitle: ReactNode;
  /** Field paths the panel shows next to their fields; other problems are listed at the top. */
  placed: readonly string[];
  children: ReactNode;
}

export function StepPanelFrame<S extends Step>({ ctx, step, onChange, onDone, title, subtitle, placed, children }: StepPanelFrameProps<S>) {
  return (
    <PanelFrame
      title={title}
      subtitle={subtitle}
      readOnly={ctx.readOnly}
      problems={unplaced(ctx.problems, ['name', ...placed])}
      name={{ value: step.name ?? '', placeholder: title, onChange: (t) => onChange(withName(step, t)) }}
      testRun={ctx.testRun}
      stepId={step.id}
      footer={
        <Button className="self-end" onClick={onDone}>
          Continue
        </Button>
      }
    >
      {children}
    </PanelFrame>
  );
}
