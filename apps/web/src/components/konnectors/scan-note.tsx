/** How stale a trigger over a list that cannot sort can be (from its last full scan): the trigger panel and the event log. */
export function ScanNote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p role="note" aria-label="Polling delay" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-900">
      {text}
    </p>
  );
}
