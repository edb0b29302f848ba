/** A Respond to Hook record in the event log: what the caller was answered (status, type, body preview) and when. */
import { formatDateTime } from '@/lib/format-time';
import type { StepView } from '@/lib/api-types';

interface AnswerOutput {
  status?: unknown;
  contentType?: unknown;
  body?: unknown;
  sent?: unknown;
  sentAt?: unknown;
  answeredBy?: unknown;
}

const PREVIEW = 300;

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text;
}

export function RespondSummary({ view }: { view: StepView }) {
  const out = (typeof view.output === 'object' && view.output !== null ? view.output : {}) as AnswerOutput;
  if (typeof out.status !== 'number') return null;
  const when = typeof out.sentAt === 'string' ? out.sentAt : view.startedAt;
  const headline =
    out.sent === true
      ? `Answered ${out.status} at ${formatDateTime(when)}`
      : typeof out.answeredBy === 'string'
        ? `Not sent: step "${out.answeredBy}" had already answered`
        : `Would answer ${out.status} (not sent)`;
  return (
    <div data-testid="respond-summary" className="flex flex-col gap-1 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-950">
      <p className="font-medium">{headline}</p>
      <p className="text-xs text-sky-900">{typeof out.contentType === 'string' ? out.contentType : ''}</p>
      <code className="break-all whitespace-pre-wrap rounded bg-white px-2 py-1 text-xs">{preview(out.body)}</code>
    </div>
  );
}
