import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { scoreFields } from '../fields/score';
import { callForRecord } from '../request';

export const assignNpsScore = action({
  key: 'assign_nps_score',
  name: 'Assign NPS Score',
  group: 'Scores',
  description: 'Records an NPS answer (0–10) for a person, by internal id.',
  input: z.object(scoreFields(0, 10)),
  run: ({ input, http }) => {
    const { person_id, ...body } = input;
    return callForRecord(http, ENDPOINTS.assignNps, { path: { entity: person_id }, body });
  },
});
