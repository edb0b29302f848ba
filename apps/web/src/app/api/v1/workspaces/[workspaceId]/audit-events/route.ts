import { AuditEventQuery, listAuditEvents } from '@/server/audit/list';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'admin',
  query: AuditEventQuery,
  summary: 'The audit log: who changed what in this workspace, newest first (keyset pages; owners and admins)',
  handle: ({ ws, query }) => listAuditEvents(ws, query),
});
