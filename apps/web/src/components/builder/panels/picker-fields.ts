/**
 * The data picker's content: available fields grouped by where they come from (Trigger, then
 * each earlier step by name), searched and filtered, and the label a chip shows for a `{{ref}}`.
 * Pure.
 */
import type { AvailableField } from '@konnect/engine/fields';
import { parseReference, type Step } from '@konnect/schemas';
import type { CatalogueEntry } from '@/lib/api-types';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';

export interface FieldGroup {
  /** 'trigger' or a step id. */
  source: string;
  label: string;
  fields: AvailableField[];
}

const TYPE_LABELS: Record<Step['type'], string> = { filter: 'Filter', path: 'Paths', code: 'Code', repeater: 'Repeater', action: 'Action',
  fail: 'Fail run',
  respond: 'Respond to Hook',
  delay: 'Delay',
  call: 'Run konnector',
  return: 'Return',
};

/** A step's display name: its own name, else "App: Action" for actions, else its type. */
export function stepLabel(step: Step, catalogue: readonly CatalogueEntry[] = []): string {
  if (step.name?.trim()) return step.name.trim();
  if (step.type !== 'action') return TYPE_LABELS[step.type];
  const app = catalogue.find((c) => c.key === step.connector);
  const action = app?.actions.find((a) => a.key === step.action);
  if (!app) return step.connector ? `${step.connector}: ${step.action || 'choose an action'}` : 'Action';
  return `${app.name}: ${action?.name ?? 'choose an action'}`;
}

/** Every step id → its display name (the whole tree). */
export function stepLabels(draft: KonnectorDraft, catalogue: readonly CatalogueEntry[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (steps: readonly Step[]) => {
    for (const step of steps) {
      out[step.id] = stepLabel(step, catalogue);
      if (step.type === 'path') {
        for (const b of step.branches) walk(b.steps);
        if (step.otherwise) walk(step.otherwise);
      } else if (step.type === 'repeater') walk(step.steps);
      if (step.type === 'action' && step.errorSteps) walk(step.errorSteps);
    }
  };
  walk(draft.steps);
  return out;
}

/** `trigger.items[0].sku` → `items.0.sku` (the sample's dotted path); null for other roots. */
function samplePath(ref: string): string | null {
  const parsed = parseReference(ref);
  if ('error' in parsed || parsed.root !== 'trigger') return null;
  return parsed.path.map(String).join('.');
}

/**
 * Trigger fields take the sample's labels ("User ID" rather than "User Id") where it has them, and
 * where the chosen record has no value (null) the sample's type and example from another record,
 * as the Sample Fields table shows them (a date stays a date, not `null`).
 */
export function withSampleLabels(fields: readonly AvailableField[], sample: TriggerSample | null): AvailableField[] {
  if (!sample) return [...fields];
  const known = new Map(sample.fields.map((f) => [f.path, f]));
  return fields.map((f) => {
    const path = f.source === 'trigger' ? samplePath(f.ref) : null;
    const field = path === null ? undefined : known.get(path);
    if (!field) return f;
    const empty = f.type === 'null' && field.type !== 'null';
    return { ...f, label: field.label || f.label, ...(empty ? { type: field.type, example: field.example } : {}) };
  });
}

/** A list's first item is told apart from the list: `trigger.tags[0]` "Tags" → "Tags › First item". */
export function withItemLabels(fields: readonly AvailableField[]): AvailableField[] {
  return fields.map((f) => (/\[0\]$/.test(f.ref) ? { ...f, label: `${f.label} › First item` } : f));
}

/** Trigger first, then sources in the order the fields came (the engine lists steps in run order). */
export function groupFields(fields: readonly AvailableField[], labels: Readonly<Record<string, string>>): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const f of fields) {
    // In an error branch, `error.*` fields come from the failed action: a group of their own.
    const isError = f.ref.startsWith('error.');
    const key = isError ? `error:${f.source}` : f.source;
    let group = groups.get(key);
    if (!group) {
      const label = f.source === 'trigger' ? 'Trigger' : (labels[f.source] ?? f.source);
      group = { source: f.source, label: isError ? `Error of ${label}` : label, fields: [] };
      groups.set(key, group);
    }
    group.fields.push(f);
  }
  return [...groups.values()].sort((a, b) => Number(b.source === 'trigger') - Number(a.source === 'trigger'));
}

function exampleText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * How well a field answers the search (lower is better): its label is the query (0), starts with
 * it (1), holds every word (2), or only its ref, example or group matched (3). A value (text,
 * number, date) goes before an object or list at the same rank: "Customer Name" is `customer.name`,
 * not the `customer` object whose example happens to hold "name".
 */
export function matchRank(field: AvailableField, query: string): number {
  const q = normalLabel(query);
  const label = normalLabel(field.label);
  const words = q.split(' ').filter(Boolean);
  const rank = label === q ? 0 : label.startsWith(q) ? 1 : words.every((w) => label.includes(w)) ? 2 : 3;
  return rank + (field.type === 'object' || field.type === 'array' ? 0.5 : 0);
}

/**
 * Groups keeping the fields that pass `accept` and match every word of `query` (label, ref or
 * example), best matches first within each group (see matchRank).
 */
export function searchGroups(groups: readonly FieldGroup[], query: string, accept: (f: AvailableField) => boolean = () => true): FieldGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return groups
    .map((g) => {
      const fields = g.fields.filter((f) => {
        if (!accept(f)) return false;
        const hay = `${f.label} ${f.ref} ${exampleText(f.example)} ${g.label}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      });
      if (words.length > 0) {
        const ranks = new Map(fields.map((f) => [f.ref, matchRank(f, query)]));
        fields.sort((a, b) => (ranks.get(a.ref) ?? 0) - (ranks.get(b.ref) ?? 0));
      }
      return { ...g, fields };
    })
    .filter((g) => g.fields.length > 0);
}

/** The field Enter picks in the search: the best match over every group (the first group on ties). */
export function bestMatch(shown: readonly FieldGroup[], query: string): AvailableField | null {
  let best: AvailableField | null = null;
  let bestRank = Infinity;
  for (const g of shown) {
    for (const f of g.fields) {
      const rank = query.trim() ? matchRank(f, query) : 0;
      if (rank < bestRank) {
        best = f;
        bestRank = rank;
      }
    }
  }
  return best;
}

function humanize(segment: string | number): string {
  const words = String(segment)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/**
 * The label a chip shows for `ref`: the field's label when it is known (prefixed with the
 * step's name for step outputs), else one made from the path.
 */
export function refLabel(ref: string, known: ReadonlyMap<string, AvailableField>, labels: Readonly<Record<string, string>>): string {
  const parsed = parseReference(ref);
  if ('error' in parsed) return ref;
  const field = known.get(parsed.text);
  if (parsed.root === 'steps') {
    const [stepId, ...rest] = parsed.path;
    const step = stepId === undefined ? 'Steps' : (labels[String(stepId)] ?? String(stepId));
    const tail = field?.label ?? rest.filter((s) => typeof s === 'string').map(humanize).join(' › ');
    return tail ? `${step} › ${tail}` : step;
  }
  if (field) return field.label;
  const named = parsed.path.filter((s) => typeof s === 'string').map(humanize);
  if (parsed.root === 'loop') return ['Loop', ...named].join(' › ');
  if (parsed.root === 'error') return ['Error', ...named].join(' › ');
  return named.join(' › ') || 'Trigger';
}

/** A label as typed or shown, compared loosely: case, spaces and the `›` separators do not count. */
function normalLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[›>.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Typed `{{First Name}}` becomes the reference of the field labelled so (`{{trigger.first_name}}`),
 * as the guides write mappings: each `{{…}}` that is not a reference is looked up among the
 * fields' labels (as the picker lists them, or as a chip shows them, "Score › Total"); the first
 * field in picker order wins, so trigger fields go before step outputs. Unknown labels stay as
 * typed (the validator reports them). Pure.
 */
export function labelsToRefs(template: string, fields: readonly AvailableField[], labelFor: (ref: string) => string = () => ''): string {
  if (!template.includes('{{')) return template;
  let byLabel: Map<string, string> | null = null;
  return template.replace(/\{\{([\s\S]*?)\}\}/g, (whole, inner: string) => {
    if (!('error' in parseReference(inner))) return whole;
    if (!byLabel) {
      byLabel = new Map();
      for (const f of fields) {
        for (const name of [f.label, labelFor(f.ref)]) {
          const key = normalLabel(name);
          if (key && !byLabel.has(key)) byLabel.set(key, f.ref);
        }
      }
    }
    const ref = byLabel.get(normalLabel(inner));
    return ref ? `{{${ref}}}` : whole;
  });
}
