import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { getRun } from '@/server/runs/detail';

export const dynamic = 'force-dynamic';

const params = z.object({ runId: idParam('runId') });

export const GET = route({ access: 'member', params, summary: 'A run: trigger data and every step (flat and as a tree)', handle: ({ ws, params }) => getRun(ws, params.runId) });
