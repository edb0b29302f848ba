'use client';

/**
 * Code: a JavaScript editor (CodeMirror, loaded on demand), the input the code receives from
 * the sample and the last test run, "Run code" in the sandbox, and the time limit.
 */
import { DEFAULT_CODE_TIMEOUT_MS, MAX_CODE_TIMEOUT_MS, type CodeStep } from '@konnect/schemas';
import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import { Button } from '@/components/button';
import { JsonView } from '@/components/runs/json-view';
import { messageOf } from '@/lib/api-client';
import { useCodeRun } from '@/lib/panel-queries';
import { codeInput } from './code-input';
import { CodeResult } from './code-result';
import { usePanelFields } from './fields-context';
import { NumberField } from './number-field';
import { StepPanelFrame } from './step-panel-frame';
import { messagesAt } from './problems';
import { sampleFor, stepOutputs, triggerRecord } from './sample-record';
import type { StepPanelProps } from './types';

const CodeEditor = dynamic(() => import('./code-editor'), {
  ssr: false,
  loading: () => <div className="h-[182px] animate-pulse rounded-md border border-slate-200 bg-slate-50" aria-label="Loading the code editor" />,
});

export function CodePanel(props: StepPanelProps<CodeStep>) {
  const { ctx, step, onChange } = props;
  const { fields } = usePanelFields(ctx, step.id);
  const run = useCodeRun(ctx.workspaceId);
  const input = useMemo(() => {
    const record = triggerRecord(sampleFor(ctx.sample, ctx.draft.trigger), ctx.testRun);
    return codeInput(ctx.draft.steps, step.id, record, stepOutputs(ctx.testRun, ctx.codeOutputs), fields);
  }, [ctx.sample, ctx.draft, ctx.testRun, ctx.codeOutputs, step.id, fields]);
  const sourceMessages = messagesAt(ctx.problems, 'source');

  return (
    <StepPanelFrame
      {...props}
      title="Code"
      subtitle="JavaScript run in a sandbox: the body of an async function that reads input and returns an object."
      placed={['source', 'timeoutMs']}
    >
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">Input available to your code</summary>
        <div className="flex flex-col gap-1 border-t border-slate-200 p-2">
          <p className="text-xs text-slate-500">
            <code>input.trigger</code> is the trigger record, <code>input.steps.&lt;id&gt;</code> an earlier step&apos;s output
            {input.loop ? (
              <>
                , <code>input.loop.item</code> the repeater&apos;s current item
              </>
            ) : null}
            . Values below come from the sample and the last test.
          </p>
          <JsonView label="input" value={input} />
        </div>
      </details>
      <div className="flex flex-col gap-1">
        <span className="text-sm font-medium text-slate-800">Code</span>
        <CodeEditor value={step.source} onChange={(source) => onChange({ ...step, source })} readOnly={ctx.readOnly} invalid={sourceMessages.length > 0} />
        {sourceMessages.length ? <p className="text-xs text-red-700">{sourceMessages.join(' · ')}</p> : null}
      </div>
      <NumberField
        label="Time limit (ms)"
        min={1}
        max={MAX_CODE_TIMEOUT_MS}
        value={step.timeoutMs}
        placeholder={String(DEFAULT_CODE_TIMEOUT_MS)}
        description={`Stops the code after this long (default ${DEFAULT_CODE_TIMEOUT_MS} ms, at most ${MAX_CODE_TIMEOUT_MS} ms).`}
        messages={messagesAt(ctx.problems, 'timeoutMs')}
        onChange={(n) => {
          const { timeoutMs: _old, ...rest } = step;
          onChange(n === undefined ? rest : { ...rest, timeoutMs: n });
        }}
      />
      <div className="flex items-center gap-2">
        <Button
          variant="secondary"
          disabled={run.isPending || step.source.trim() === ''}
          onClick={() =>
            run.mutate(
              { source: step.source, input: { ...input }, ...(step.timeoutMs ? { timeoutMs: step.timeoutMs } : {}) },
              // Its output is this step's sample at once: later steps' data picker lists it.
              { onSuccess: (result) => (result.ok ? ctx.onCodeOutput?.(step.id, result.output) : undefined) },
            )
          }
        >
          {run.isPending ? 'Running…' : 'Run code'}
        </Button>
        <span className="text-xs text-slate-500">Runs once with the input above; later steps can then map its output.</span>
      </div>
      {run.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          {messageOf(run.error)}
        </p>
      ) : null}
      {run.data ? <CodeResult result={run.data} /> : null}
    </StepPanelFrame>
  );
}
