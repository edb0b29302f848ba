import type { StepNode, StepView } from '@/lib/api-types';
import { StepCard } from './step-card';

/** The run's steps as the definition's tree: path branches and repeater iterations nested under their step. */
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
          {node.branches.map((b) => (
            <section key={b.id} aria-label={`Branch ${b.name}`} className="flex flex-col gap-2">
              <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Branch: {b.name} {b.taken ? <span className="ml-1 rounded bg-indigo-50 px-1.5 py-0.5 text-indigo-800 normal-case">taken</span> : null}
              </h4>
              {b.steps.length ? <StepTree nodes={b.steps} steps={steps} /> : <p className="text-sm text-slate-500">No step ran in this branch.</p>}
            </section>
          ))}
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
