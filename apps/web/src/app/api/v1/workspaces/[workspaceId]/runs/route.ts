import { RunListQuery } from '@/lib/konnector-bodies';
import { route } from '@/server/handler';
import { listRuns } from '@/server/runs/list';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'member', query: RunListQuery, summary: 'The event log: every run, newest first (keyset pages)', handle: ({ ws, query }) => listRuns(ws, query) });
