import { route } from '@/server/handler';
import { markAllNotificationsRead } from '@/server/alerts/notifications';

export const dynamic = 'force-dynamic';

export const POST = route({ access: 'member', summary: 'Mark all your notifications in this workspace read', handle: ({ ws }) => markAllNotificationsRead(ws) });
