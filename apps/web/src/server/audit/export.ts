/**
 * Audit export: every event of the workspace within its retention window, newest first, as CSV
 * (a header row, every value quoted) or JSON (an array of the list API's events), streamed page by
 * page so a large log never sits in memory. The export is itself audited (audit.exported) before
 * the first byte goes out.
 *
 * CSV injection: a spreadsheet runs a cell that starts with = + - @ (or tab / carriage return) as a
 * formula; such values get a leading apostrophe (OWASP's advice), so they show as text.
 */
import { z } from 'zod';
import { audit } from './audit';
import { auditEventDto, type AuditEventDto } from './list';
import type { WorkspaceScope } from '../workspace-scope';

export const AuditExportQuery = z.object({
  format: z.enum(['csv', 'json'], { error: 'format must be csv or json' }).default('csv'),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

const PAGE = 500;

export const CSV_COLUMNS = ['createdAt', 'action', 'actor', 'actorUserId', 'actorTokenId', 'targetType', 'targetId', 'target', 'details', 'ip', 'userAgent'] as const;

/** One CSV cell: formula triggers neutralised, always quoted, quotes doubled. */
export function csvCell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(e: AuditEventDto): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string | null> = {
    createdAt: e.createdAt,
    action: e.action,
    actor: e.actor.label,
    actorUserId: e.actor.userId,
    actorTokenId: e.actor.tokenId,
    targetType: e.target.type,
    targetId: e.target.id,
    target: e.target.label,
    details: Object.keys(e.details).length ? JSON.stringify(e.details) : '',
    ip: e.ip,
    userAgent: e.userAgent,
  };
  return `${CSV_COLUMNS.map((c) => csvCell(values[c])).join(',')}\r\n`;
}

/** Pages of events in the window, newest first (keyset on createdAt, id). */
async function* eventsInWindow(ws: WorkspaceScope, since: Date): AsyncGenerator<AuditEventDto[]> {
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await ws.tenant.auditEvent.findMany({
      where: {
        createdAt: { gte: since },
        ...(cursor ? { AND: [{ createdAt: { lte: cursor.createdAt } }, { OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PAGE,
    });
    if (rows.length) yield rows.map(auditEventDto);
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

export async function exportAuditEvents(ws: WorkspaceScope, query: AuditExportQuery, now = new Date()): Promise<Response> {
  const workspace = await ws.db.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId }, select: { slug: true, auditRetentionDays: true } });
  const since = new Date(now.getTime() - workspace.auditRetentionDays * 86_400_000);
  await audit(ws, { action: 'audit.exported', targetType: 'audit_log', targetId: null, targetLabel: 'Audit log', details: { format: query.format, retentionDays: workspace.auditRetentionDays } });
  const pages = eventsInWindow(ws, since);
  const encoder = new TextEncoder();
  let started = false;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(query.format === 'csv' ? `${CSV_COLUMNS.map(csvCell).join(',')}\r\n` : '['));
        }
        const next = await pages.next();
        if (next.done) {
          if (query.format === 'json') controller.enqueue(encoder.encode(']\n'));
          controller.close();
          return;
        }
        let chunk = '';
        for (const e of next.value) {
          chunk += query.format === 'csv' ? csvRow(e) : `${first ? '' : ','}\n${JSON.stringify(e)}`;
          first = false;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (err) {
        console.error('[audit export] failed while streaming:', err instanceof Error ? err.message : err);
        controller.error(err);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const day = now.toISOString().slice(0, 10);
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${workspace.slug}-${day}.${query.format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
