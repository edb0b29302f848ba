import type { Problem } from '@/lib/api-types';

function where(p: Problem): string {
  const path = p.path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${seg}`)).join('').replace(/^\./, '');
  const step = p.stepId === '' ? 'Konnector' : p.stepId === 'trigger' ? 'Trigger' : `Step ${p.stepId}`;
  return path ? `${step} · ${path}` : step;
}

/** What must be fixed before a konnector can be turned on. */
export function ProblemsList({ problems }: { problems: Problem[] }) {
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {problems.map((p, i) => (
        <li key={`${p.stepId}-${p.code}-${i}`} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          <span className="font-medium">{where(p)}:</span> {p.message}
        </li>
      ))}
    </ul>
  );
}
