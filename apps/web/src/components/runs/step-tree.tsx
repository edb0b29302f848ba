import type { StepNode, StepView } from '@/lib/api-types';
import { StepCard } from './step-card';

/** The run's steps as the definition's tree: path branches, repeater iterations and error branches nested under their step. */
export function StepTree({ nodes, steps }: { nodes: StepNode[]; steps: StepView[] }) {
  return (
    <ol className="flex flex-col gap-2">
      {nodes.map((node, i) => (
        <li key={`${node.stepId}-${node.step ?? i}`} className="flex flex-col gap-2">
          <NodeView node={node} steps={steps} />
        </li>
      ))}
    </ol>
  );
}

function NodeView({ node, steps }: { node: StepNode; steps: StepView[] }) {
  const view = node.step !== null ? steps[node.step] : undefined;
  return (
    <>
      {view ? (
        <StepCard view={view} />
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-2 text-sm text-slate-600">
          {node.name} <span className="text-xs">(no record yet)</span>
        </p>
      )}
      {node.branches?.length ? (
        <div className="ml-6 flex flex-col gap-3 border-l-2 border-slate-200 pl-4">
          {node.branches.map((b) =>
            node.type === 'action' ? (
              <ErrorBranch key={b.id} taken={b.taken} nodes={b.steps} steps={steps} />
            ) : (
              <section key={b.id} aria-label={`Branch ${b.name}`} className="flex flex-col gap-2">
                <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Branch: {b.name} {b.taken ? <span className="ml-1 rounded bg-indigo-50 px-1.5 py-0.5 text-indigo-800 normal-case">taken</span> : null}
                </h4>
                {b.steps.length ? <StepTree nodes={b.steps} steps={steps} /> : <p className="text-sm text-slate-500">No step ran in this branch.</p>}
              </section>
            ),
          )}
        </div>
      ) : null}
      {node.iterations?.length ? (
        <div className="ml-6 flex flex-col gap-3 border-l-2 border-slate-200 pl-4">
          {node.iterations.map((it) => (
            <section key={it.iteration} aria-label={`Iteration ${it.index + 1}`} className="flex flex-col gap-2">
              <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Iteration {it.index + 1}</h4>
              <StepTree nodes={it.steps} steps={steps} />
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** An action's error branch: the steps that ran because the action failed (drawn in red, as on the canvas). */
function ErrorBranch({ taken, nodes, steps }: { taken: boolean; nodes: StepNode[]; steps: StepView[] }) {
  return (
    <section aria-label="Error branch" className="-ml-4 flex flex-col gap-2 border-l-2 border-red-300 pl-4">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-red-700">
        On error {taken ? <span className="ml-1 rounded bg-red-50 px-1.5 py-0.5 normal-case text-red-800">ran: the step above failed</span> : null}
      </h4>
      {nodes.length ? <StepTree nodes={nodes} steps={steps} /> : <p className="text-sm text-slate-500">No step of the error branch ran yet.</p>}
    </section>
  );
}
