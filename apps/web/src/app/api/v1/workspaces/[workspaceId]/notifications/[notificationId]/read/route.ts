import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { markNotificationRead } from '@/server/alerts/notifications';

export const dynamic = 'force-dynamic';

const params = z.object({ notificationId: idParam('notificationId') });

export const POST = route({ access: 'member', params, summary: 'Mark one of your notifications read', handle: ({ ws, params }) => markNotificationRead(ws, params.notificationId) });
