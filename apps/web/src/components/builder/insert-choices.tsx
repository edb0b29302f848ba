import type { StepType } from '@konnect/schemas';
import type { ReactNode } from 'react';
import { NodeIcon } from './icons';

/** What the "+" menu offers, in this order. */
export const INSERT_CHOICES: { type: StepType; label: string; description: string; icon: ReactNode }[] = [
  { type: 'filter', label: 'Filter', description: 'Continue only when conditions are met', icon: <NodeIcon kind="filter" entry={undefined} size={22} /> },
  { type: 'path', label: 'Path', description: 'Split into branches by conditions', icon: <NodeIcon kind="path" entry={undefined} size={22} /> },
  { type: 'code', label: 'Code', description: 'Run JavaScript on the data', icon: <NodeIcon kind="code" entry={undefined} size={22} /> },
  { type: 'repeater', label: 'Repeater', description: 'Repeat steps for each item of a list', icon: <NodeIcon kind="repeater" entry={undefined} size={22} /> },
  { type: 'action', label: 'Action', description: 'Do something in an app', icon: <NodeIcon kind="action" entry={undefined} size={22} /> },
  { type: 'call', label: 'Run konnector', description: 'Run another konnector of this workspace with inputs', icon: <NodeIcon kind="call" entry={undefined} size={22} /> },
  { type: 'return', label: 'Return', description: 'End a called konnector and send its result back', icon: <NodeIcon kind="return" entry={undefined} size={22} /> },
];
