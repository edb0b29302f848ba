import type { StepType } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import type { ReactNode } from 'react';
import { NodeIcon } from './icons';

/** What the "+" menu offers, in this order; `when`: only for drafts it fits. */
export const INSERT_CHOICES: { type: StepType; label: string; description: string; icon: ReactNode; when?: (draft: KonnectorDraft) => boolean }[] = [
  { type: 'filter', label: 'Filter', description: 'Continue only when conditions are met', icon: <NodeIcon kind="filter" entry={undefined} size={22} /> },
  { type: 'path', label: 'Path', description: 'Split into branches by conditions', icon: <NodeIcon kind="path" entry={undefined} size={22} /> },
  { type: 'code', label: 'Code', description: 'Run JavaScript on the data', icon: <NodeIcon kind="code" entry={undefined} size={22} /> },
  { type: 'repeater', label: 'Repeater', description: 'Repeat steps for each item of a list', icon: <NodeIcon kind="repeater" entry={undefined} size={22} /> },
  { type: 'action', label: 'Action', description: 'Do something in an app', icon: <NodeIcon kind="action" entry={undefined} size={22} /> },
  { type: 'fail', label: 'Fail run', description: 'End the run as failed with a message', icon: <NodeIcon kind="fail" entry={undefined} size={22} /> },
  { type: 'respond', label: 'Respond to Hook', description: 'Answer the caller of the Catch Hook', icon: <NodeIcon kind="respond" entry={undefined} size={22} />, when: (draft) => draft.trigger.connector === 'catch_hook' },
  { type: 'delay', label: 'Delay', description: 'Wait for a while, or until a date, then go on', icon: <NodeIcon kind="delay" entry={undefined} size={22} /> },
  { type: 'call', label: 'Run konnector', description: 'Run another konnector of this workspace with inputs', icon: <NodeIcon kind="call" entry={undefined} size={22} /> },
  { type: 'return', label: 'Return', description: 'End a called konnector and send its result back', icon: <NodeIcon kind="return" entry={undefined} size={22} /> },
];
