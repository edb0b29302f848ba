import { route } from '@/server/handler';
import { assertInstanceAdmin, listMailLog, MailLogQuery } from '@/server/admin/mail-log';

export const dynamic = 'force-dynamic';

/** The mail log (instance admins, signed in; 404 for anyone else): newest first, by status, paginated. Never bodies. */
export const GET = route({
  access: 'user',
  query: MailLogQuery,
  summary: 'Mail log (instance admins)',
  handle: async ({ principal, db, query }) => {
    assertInstanceAdmin(principal);
    return listMailLog(db, query);
  },
});
