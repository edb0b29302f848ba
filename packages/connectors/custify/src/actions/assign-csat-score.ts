import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { scoreFields } from '../fields/score';
import { callForRecord } from '../request';

export const assignCsatScore = action({
  key: 'assign_csat_score',
  name: 'Assign CSAT Score',
  group: 'Scores',
  description: 'Records a CSAT answer (1–5) for a person, by internal id.',
  input: z.object(scoreFields(1, 5)),
  run: ({ input, http }) => {
    const { person_id, ...body } = input;
    return callForRecord(http, ENDPOINTS.assignCsat, { path: { entity: person_id }, body });
  },
});
