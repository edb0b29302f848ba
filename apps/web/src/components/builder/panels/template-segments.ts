/**
 * A mapped value as the chip input shows it: typed text, and `{{ref}}` parts as chips.
 * Offsets are in template characters (a chip counts as its whole `{{ref}}`), so the caret
 * and insertions can be computed on the string, away from the DOM. Pure.
 */
import { parseTemplate } from '@konnect/schemas';

export type Segment = { kind: 'text'; text: string } | { kind: 'ref'; ref: string };

/** `{{ref}}`. */
export const token = (ref: string) => `{{${ref}}}`;

/** Text and valid references; `{{…}}` that is not a reference stays text (the validator reports it). */
export function toSegments(template: string): Segment[] {
  const out: Segment[] = [];
  for (const part of parseTemplate(template).parts) {
    if (part.kind === 'ref') {
      out.push({ kind: 'ref', ref: part.ref.text });
      continue;
    }
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += part.text;
    else out.push({ kind: 'text', text: part.text });
  }
  return out;
}

export function fromSegments(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : token(s.ref))).join('');
}

export function segmentLength(segment: Segment): number {
  return segment.kind === 'text' ? segment.text.length : token(segment.ref).length;
}

/** An offset moved out of any reference it falls inside (to the reference's end). */
export function snapOffset(template: string, offset: number): number {
  let at = 0;
  const clamped = Math.max(0, Math.min(offset, template.length));
  for (const segment of toSegments(template)) {
    const end = at + segmentLength(segment);
    if (segment.kind === 'ref' && clamped > at && clamped < end) return end;
    if (clamped < end) return clamped;
    at = end;
  }
  return clamped;
}

/** Inserts `{{ref}}` at `offset` (never inside another reference); returns the new value and the caret after it. */
export function insertRef(template: string, offset: number, ref: string): { value: string; caret: number } {
  const at = snapOffset(template, offset);
  const inserted = token(ref);
  return { value: template.slice(0, at) + inserted + template.slice(at), caret: at + inserted.length };
}

/** Removes the `index`-th segment if it is a reference. */
export function removeRef(template: string, index: number): string {
  const segments = toSegments(template);
  if (segments[index]?.kind !== 'ref') return template;
  return fromSegments(segments.filter((_, i) => i !== index));
}

/** The reference when the whole value is exactly one `{{ref}}` (surrounding spaces ignored), else null. */
export function soleRef(template: string): string | null {
  const segments = toSegments(template.trim());
  const only = segments.length === 1 ? segments[0] : undefined;
  return only?.kind === 'ref' ? only.ref : null;
}
