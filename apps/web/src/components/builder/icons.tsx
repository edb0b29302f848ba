/** Small inline icons of the builder (stroke icons, 24×24 viewBox, sized by the caller). */
import type { ReactNode } from 'react';
import type { StepType } from '@konnect/schemas';
import { AppIcon } from '@/components/connections/app-icon';
import type { CatalogueEntry } from '@/lib/api-types';

function Svg({ children, size = 16, className = '' }: { children: ReactNode; size?: number; className?: string }) {
  return (
    <svg aria-hidden="true" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className={className}>
      {children}
    </svg>
  );
}

const GLYPHS = {
  filter: <path d="M4 5h16l-6 7.5V19l-4-2v-4.5z" />,
  path: (
    <>
      <circle cx="6" cy="5" r="2" />
      <circle cx="6" cy="19" r="2" />
      <circle cx="18" cy="19" r="2" />
      <path d="M6 7v10M6 11c0 4 12 2 12 6" />
    </>
  ),
  code: <path d="m8 7-5 5 5 5M16 7l5 5-5 5M13.5 4l-3 16" />,
  repeater: <path d="M17 2l3 3-3 3M4 11V9a4 4 0 0 1 4-4h12M7 22l-3-3 3-3M20 13v2a4 4 0 0 1-4 4H4" />,
  action: <path d="M13 2 4 14h7l-1 8 9-12h-7z" />,
  fail: <path d="M12 8v5M12 16h.01M4.9 4.9l14.2 14.2M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z" />,
  respond: <path d="M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />,
  call: (
    <>
      <rect x="3" y="3" width="8" height="8" rx="2" />
      <rect x="13" y="13" width="8" height="8" rx="2" />
      <path d="M7 11v4a2 2 0 0 0 2 2h4" />
    </>
  ),
  return: <path d="M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />,
  delay: (
    <>
      <circle cx="12" cy="13" r="8" />
      <path d="M12 9v4l2.5 2.5M9 2h6" />
    </>
  ),
  trigger: <path d="M12 2v4M12 18v4M4.9 4.9l2.8 2.8M16.3 16.3l2.8 2.8M2 12h4M18 12h4M4.9 19.1l2.8-2.8M16.3 7.7l2.8-2.8" />,
  plus: <path d="M12 5v14M5 12h14" />,
  more: (
    <>
      <circle cx="5" cy="12" r="1" />
      <circle cx="12" cy="12" r="1" />
      <circle cx="19" cy="12" r="1" />
    </>
  ),
  undo: <path d="M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3" />,
  redo: <path d="m15 14 5-5-5-5M20 9H9a5 5 0 0 0 0 10h3" />,
  check: <path d="M20 6 9 17l-5-5" />,
  alert: <path d="M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />,
  close: <path d="M18 6 6 18M6 6l12 12" />,
  play: <path d="m6 4 14 8-14 8z" />,
  history: <path d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3" />,
  pencil: <path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" />,
  list: <path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01" />,
} as const;

export type IconName = keyof typeof GLYPHS;

export function Icon({ name, size, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <Svg size={size} className={className}>
      {GLYPHS[name]}
    </Svg>
  );
}

const TOOL_TONE: Record<StepType | 'trigger', string> = {
  filter: 'bg-amber-100 text-amber-700',
  path: 'bg-violet-100 text-violet-700',
  code: 'bg-slate-800 text-slate-100',
  repeater: 'bg-teal-100 text-teal-700',
  action: 'bg-indigo-100 text-indigo-700',
  fail: 'bg-red-100 text-red-700',
  respond: 'bg-sky-100 text-sky-700',
  call: 'bg-sky-100 text-sky-700',
  return: 'bg-emerald-100 text-emerald-700',
  delay: 'bg-sky-100 text-sky-700',
  trigger: 'bg-orange-100 text-orange-700',
};

/** An app's icon when the node has an app; otherwise a tinted icon of the step's type. */
export function NodeIcon({ kind, entry, size = 36 }: { kind: StepType | 'trigger'; entry: CatalogueEntry | undefined; size?: number }) {
  if (entry) return <AppIcon entry={entry} size={size} />;
  return (
    <span aria-hidden="true" style={{ width: size, height: size }} className={`inline-flex shrink-0 items-center justify-center rounded-md ${TOOL_TONE[kind]}`}>
      <Icon name={kind === 'trigger' ? 'trigger' : kind} size={Math.round(size * 0.55)} />
    </span>
  );
}
