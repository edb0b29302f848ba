import { z } from 'zod';
import { route } from '@/server/handler';
import { listNotifications } from '@/server/alerts/notifications';

export const dynamic = 'force-dynamic';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(64).optional(),
  unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

export const GET = route({ access: 'member', query, summary: "Your notifications in this workspace, newest first, with the unread count", handle: ({ ws, query }) => listNotifications(ws, query) });
