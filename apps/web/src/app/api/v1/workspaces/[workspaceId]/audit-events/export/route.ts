import { AuditExportQuery, exportAuditEvents } from '@/server/audit/export';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'admin',
  query: AuditExportQuery,
  summary: 'Download the audit log (every event in the retention window) as CSV or JSON; the export is audited (owners and admins)',
  handle: ({ ws, query }) => exportAuditEvents(ws, query),
});
