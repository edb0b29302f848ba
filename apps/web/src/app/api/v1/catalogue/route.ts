import { catalogueEntries } from '@/server/connectors';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Every connector: key, name, category, icon, auth fields (JSON Schema), triggers, actions. */
export const GET = route({ access: 'user', handle: async () => catalogueEntries() });
