/**
 * What a canvas node shows for a step or the trigger: its title, the app line, a one-line summary
 * ("First Name contains Jo", "2 branches", "12 lines") and a status mark. Pure, for tests.
 */
import { groupItems, isConditionGroup, operatorInfo, parseTemplate, type ConditionGroup, type ConditionItem, type Problem, type Step } from '@konnect/schemas';
import type { CatalogueEntry } from '@/lib/api-types';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

export type NodeStatus = 'incomplete' | 'error' | 'ok';

export interface NodeInfo {
  title: string;
  /** The app's name (apps and tools), or the step kind ("Filter"). */
  app: string;
  summary: string;
  status: NodeStatus;
  /** Problem messages of this node, for the tooltip. */
  problems: string[];
}

export const STEP_KIND: Record<Step['type'], string> = { filter: 'Filter', path: 'Path', code: 'Code', repeater: 'Repeater', action: 'Action',
  fail: 'Fail run',
  respond: 'Respond to Hook',
  delay: 'Delay',
  call: 'Run konnector',
  return: 'Return',
};

/** `first_name` → `First Name`, `createdAt` → `Created At`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((w) => w !== '');
  return words.length ? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') : key;
}

/** A template as a person reads it: references become their last field's name. */
export function readable(template: string): string {
  const parsed = parseTemplate(template);
  return parsed.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'invalid') return part.text;
      const fields = part.ref.path.filter((seg): seg is string => typeof seg === 'string');
      const last = part.ref.root === 'steps' ? fields.slice(1).pop() : fields.pop();
      if (last) return humanize(last);
      return part.ref.root === 'loop' ? (part.ref.path.includes('index') ? 'Index' : 'Item') : humanize(part.ref.root);
    })
    .join('')
    .trim();
}

function cut(text: string, max = 48): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describeItem(item: ConditionItem): string {
  if (isConditionGroup(item)) {
    const n = groupItems(item).items.length;
    return `a group of ${n} condition${n === 1 ? '' : 's'}`;
  }
  const op = operatorInfo(item.op);
  const left = readable(item.left) || '(empty)';
  if (op.arity === 0 || item.right === undefined) return `${left} ${op.label}`;
  const right = Array.isArray(item.right) ? `${readable(item.right[0])} and ${readable(item.right[1])}` : readable(item.right);
  return `${left} ${op.label} ${right}`;
}

/** "First Name contains Jo", "Total > 100 and 2 more", "No conditions yet". */
export function describeConditions(group: ConditionGroup): string {
  const { mode, items } = groupItems(group);
  const first = items[0];
  if (!first) return 'No conditions yet';
  const more = items.length - 1;
  return cut(describeItem(first), more ? 40 : 48) + (more ? ` ${mode === 'all' ? 'and' : 'or'} ${more} more` : '');
}

function countMapped(value: unknown): number {
  if (value === '' || value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.some((v) => countMapped(v) > 0) ? 1 : 0;
  if (typeof value === 'object') return Object.values(value).filter((v) => countMapped(v) > 0).length;
  return 1;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function stepText(step: Step, catalogue: readonly CatalogueEntry[]): Omit<NodeInfo, 'status' | 'problems'> {
  switch (step.type) {
    case 'filter':
      return { title: step.name || 'Filter', app: 'Filter', summary: describeConditions(step.conditions) };
    case 'path': {
      const n = step.branches.length;
      return { title: step.name || 'Path', app: 'Path', summary: plural(n, 'branch', 'branches') + (step.otherwise ? ' + otherwise' : '') };
    }
    case 'code': {
      const lines = step.source.trim() === '' ? 0 : step.source.trimEnd().split('\n').length;
      return { title: step.name || 'Code', app: 'Code', summary: lines ? plural(lines, 'line') : 'No code yet' };
    }
    case 'repeater': {
      const sole = parseTemplate(step.items).sole;
      return { title: step.name || 'Repeater', app: 'Repeater', summary: sole ? cut(`each of ${readable(step.items)}`) : 'Choose a list to repeat over' };
    }
    case 'action': {
      const entry = catalogue.find((c) => c.key === step.connector);
      const action = entry?.actions.find((a) => a.key === step.action);
      const title = step.name || action?.name || (step.action ? humanize(step.action) : 'Action');
      const app = entry?.name ?? (step.connector ? humanize(step.connector) : 'Action');
      if (!step.connector || !step.action) return { title, app, summary: 'Choose an app and action' };
      const n = countMapped(step.input);
      const branch = step.onError === 'branch' ? ' · error branch' : '';
      return { title, app, summary: (n ? `${plural(n, 'field')} mapped` : 'No fields mapped yet') + branch };
    }
    case 'fail':
      return { title: step.name || 'Fail run', app: 'Fail run', summary: step.message.trim() ? cut(`Fails: ${readable(step.message)}`) : 'No message yet' };
    case 'respond':
      return { title: step.name || 'Respond to Hook', app: 'Respond to Hook', summary: cut(`${step.status} · ${step.body.kind === 'json' ? 'JSON' : 'text'}${Object.keys(step.headers).length ? ` · ${plural(Object.keys(step.headers).length, 'header')}` : ''}`) };
    case 'call': {
      const how = step.mode === 'fire' ? 'Starts it and goes on' : 'Waits for its result';
      return { title: step.name || 'Run konnector', app: 'Sub-konnector', summary: step.konnectorId ? how : 'Choose the konnector to run' };
    }
    case 'return': {
      const n = countMapped(step.output);
      return { title: step.name || 'Return', app: 'Sub-konnector', summary: n ? `Returns ${plural(n, 'field')}` : 'Returns {}' };
    }
    case 'delay': {
      if (step.mode === 'until') {
        const at = step.at?.trim() ? readable(step.at) || step.at : '';
        return { title: step.name || 'Delay', app: 'Delay', summary: at ? cut(`until ${at} (${step.timezone ?? 'UTC'})`) : 'Choose when to go on' };
      }
      const unit = (step.unit ?? 'minutes').replace(/s$/, '');
      return { title: step.name || 'Delay', app: 'Delay', summary: step.amount ? `for ${plural(step.amount, unit)}` : 'Choose how long to wait' };
    }
  }
}

/** True when the step has not got the basics yet (an action without app or action). */
function incomplete(step: Step): boolean {
  return (step.type === 'action' && (!step.connector || !step.action)) || (step.type === 'call' && !step.konnectorId);
}

const messages = (problems: readonly Problem[], id: string) => problems.filter((p) => p.stepId === id).map((p) => p.message);

export function stepInfo(step: Step, catalogue: readonly CatalogueEntry[], problems: readonly Problem[]): NodeInfo {
  const own = messages(problems, step.id);
  return { ...stepText(step, catalogue), status: incomplete(step) ? 'incomplete' : own.length ? 'error' : 'ok', problems: own };
}

export function triggerInfo(trigger: KonnectorDraft['trigger'], catalogue: readonly CatalogueEntry[], problems: readonly Problem[], sampleCount: number | null): NodeInfo {
  const own = messages(problems, 'trigger');
  const entry = catalogue.find((c) => c.key === trigger.connector);
  const event = entry?.triggers.find((t) => t.key === trigger.event);
  if (!trigger.connector || !trigger.event) {
    return { title: 'Trigger', app: entry?.name ?? 'When this happens…', summary: entry ? 'Choose the event' : 'Choose an app and event', status: 'incomplete', problems: own };
  }
  const summary = sampleCount === null ? 'No sample data yet' : sampleCount === 0 ? 'No sample records found' : `${plural(sampleCount, 'sample record')}`;
  return { title: event?.name ?? humanize(trigger.event), app: entry?.name ?? humanize(trigger.connector), summary, status: own.length ? 'error' : 'ok', problems: own };
}
