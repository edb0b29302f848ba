/** A JSON value, pretty-printed in a scrollable block with a label. */
export function JsonView({ label, value }: { label: string; value: unknown }) {
  const text = value === undefined ? '—' : JSON.stringify(value, null, 2);
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</h4>
      <pre tabIndex={0} aria-label={label} className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        {text}
      </pre>
    </div>
  );
}
