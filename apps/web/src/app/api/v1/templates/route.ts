import { route } from '@/server/handler';
import { listTemplates } from '@/server/konnectors/templates';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'user', summary: 'Konnector templates ("Use template")', handle: async () => listTemplates() });
