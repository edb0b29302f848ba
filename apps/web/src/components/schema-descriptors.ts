/**
 * A JSON Schema (a connector's auth fields, a trigger's or an action's input, from the catalogue
 * with each property's `.meta()` kept) as field descriptors: label, description, placeholder,
 * required mark, default and the kind of control. The builder's Field Mapping form renders every
 * kind; the flat forms (a connection's fields, a trigger's settings) render the scalar ones
 * (`flatFields`) and hold their values as text (`initialValues`, `formValue`, `formValues`). Pure.
 */

export type FieldKind =
  /** One line of text with chips. */
  | 'text'
  /** Several lines of text with chips. */
  | 'multiline'
  | 'number'
  | 'boolean'
  /** A fixed list of values (or a mapped field). */
  | 'enum'
  /** A secret typed by hand (a password box, never a chip input, never prefilled). */
  | 'secret'
  /** Free keys → values (an object with additionalProperties). */
  | 'map'
  /** A list of items (objects with `fields`, or single values). */
  | 'list'
  /** An object with known properties (`fields`). */
  | 'group';

export interface FieldDescriptor {
  key: string;
  label: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  kind: FieldKind;
  /** Enum values (booleans: "true", "false"). */
  options: string[];
  /** The schema's default: a hint in the builder, the starting value of a flat form. */
  defaultValue?: unknown;
  /** The schema's `format` (`uri`, `email`, …), for the input type of a flat form. */
  format?: string;
  /** `group` fields, and the fields of each item of a `list` of objects. */
  fields?: FieldDescriptor[];
  /** A `list` of single values: the kind of each item. */
  itemKind?: 'text' | 'number' | 'boolean' | 'enum';
  /** Text fields whose choices the app offers: the name of the connector's options list (`meta.dynamicOptions`). */
  dynamicOptions?: string;
}

type Schema = Record<string, unknown>;

const MAX_DEPTH = 3;

function asSchema(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `first_name` → `First name`, `signedUpAt` → `Signed up at`. */
export function labelFromKey(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return spaced ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : key;
}

/** The types a property accepts (`type` as string or list; `anyOf`/`oneOf` options merged). */
function typesOf(s: Schema): Set<string> {
  const out = new Set<string>();
  if (typeof s.type === 'string') out.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) if (typeof t === 'string') out.add(t);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) for (const o of options) for (const t of typesOf(asSchema(o))) out.add(t);
  }
  return out;
}

function enumOf(s: Schema): string[] {
  return Array.isArray(s.enum) ? s.enum.filter((v) => v !== null).map(String) : [];
}

function itemKindOf(items: Schema): FieldDescriptor['itemKind'] {
  if (enumOf(items).length) return 'enum';
  const types = typesOf(items);
  if (types.has('string') || types.size === 0) return 'text';
  if (types.has('number') || types.has('integer')) return 'number';
  if (types.has('boolean')) return 'boolean';
  return 'text';
}

function kindOf(s: Schema, depth: number): Pick<FieldDescriptor, 'kind' | 'options' | 'fields' | 'itemKind'> {
  const options = enumOf(s);
  if (options.length) return { kind: 'enum', options };
  if (s.secret === true) return { kind: 'secret', options: [] };
  const types = typesOf(s);
  const multiline = s.multiline === true;
  // Anything that takes text is filled in as text (with chips): the engine fits it to the schema.
  if (types.has('string') || types.size === 0) return { kind: multiline ? 'multiline' : 'text', options: [] };
  if (types.size === 1 && (types.has('number') || types.has('integer'))) return { kind: 'number', options: [] };
  if (types.size === 1 && types.has('boolean')) return { kind: 'boolean', options: ['true', 'false'] };
  if (types.size === 1 && types.has('object') && depth < MAX_DEPTH) {
    const props = asSchema(s.properties);
    if (Object.keys(props).length > 0) return { kind: 'group', options: [], fields: describeFields(s, depth + 1) };
    return { kind: 'map', options: [] };
  }
  if (types.size === 1 && types.has('array') && depth < MAX_DEPTH) {
    const items = asSchema(s.items);
    if (typesOf(items).has('object') && Object.keys(asSchema(items.properties)).length > 0) {
      return { kind: 'list', options: [], fields: describeFields(items, depth + 1) };
    }
    return { kind: 'list', options: enumOf(items), itemKind: itemKindOf(items) };
  }
  return { kind: multiline ? 'multiline' : 'text', options: [] };
}

/** One descriptor per property, in the schema's order. */
export function describeFields(schema: unknown, depth = 0): FieldDescriptor[] {
  const s = asSchema(schema);
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(asSchema(s.properties)).map(([key, raw]) => {
    const p = asSchema(raw);
    const example = p.example !== undefined && typeof p.example !== 'object' ? String(p.example) : undefined;
    const placeholder = text(p.placeholder) ?? example;
    const description = text(p.description);
    const format = text(p.format);
    const kind = kindOf(p, depth);
    const dynamicOptions = kind.kind === 'text' ? text(p.dynamicOptions) : undefined;
    return {
      key,
      label: text(p.label) ?? text(p.title) ?? labelFromKey(key),
      ...(description ? { description } : {}),
      ...(placeholder ? { placeholder } : {}),
      required: required.has(key),
      ...(p.default !== undefined ? { defaultValue: p.default } : {}),
      ...(format ? { format } : {}),
      ...kind,
      ...(dynamicOptions ? { dynamicOptions } : {}),
    };
  });
}

const FLAT_KINDS: ReadonlySet<FieldKind> = new Set(['text', 'multiline', 'number', 'boolean', 'enum', 'secret']);

/** The fields a flat form fills in by hand: scalars only (objects and lists, like a Catch Hook's caught payload, are not typed in a box). */
export function flatFields(schema: unknown): FieldDescriptor[] {
  return describeFields(schema).filter((f) => FLAT_KINDS.has(f.kind));
}

/** A new flat form's values: each field's scalar default, as text (never for a secret). */
export function initialValues(fields: readonly FieldDescriptor[]): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((f) => {
      const d = f.defaultValue;
      return f.kind === 'secret' || d === undefined || d === null || typeof d === 'object' ? [] : [[f.key, String(d)]];
    }),
  );
}

/** A flat form's text → the value to send: a boolean for a checkbox, a number for a number, blank → undefined (left out). */
export function formValue(field: FieldDescriptor, value: string): string | number | boolean | undefined {
  if (field.kind === 'boolean') return value === 'true';
  if (value.trim() === '') return undefined;
  if (field.kind === 'number' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** A flat form's texts → the object the API expects (empty optional fields left out). */
export function formValues(fields: readonly FieldDescriptor[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = formValue(f, values[f.key] ?? '');
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}
