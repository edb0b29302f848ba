import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkActionInput, checkInput, fitToSchema } from './input';

const person = z.object({
  email: z.email(),
  age: z.number().int().optional(),
  vip: z.boolean().default(false),
  name: z.string().optional(),
  tags: z.array(z.string()).optional(),
  address: z.object({ zip: z.string(), floor: z.number().nullable().optional() }).optional(),
});

describe('fitToSchema', () => {
  it('turns numeric text into numbers, "true"/"false" into booleans, numbers and booleans into text', () => {
    expect(fitToSchema(person, { email: 'a@b.co', age: ' 41 ', vip: 'true', name: 7, tags: [1, true, 'x'] })).toEqual({
      email: 'a@b.co',
      age: 41,
      vip: true,
      name: '7',
      tags: ['1', 'true', 'x'],
    });
  });

  it('fits nested objects through optional / nullable / default wrappers', () => {
    expect(fitToSchema(person, { email: 'a@b.co', address: { zip: 75001, floor: '3' } })).toEqual({ email: 'a@b.co', address: { zip: '75001', floor: 3 } });
  });

  it('leaves blank optional fields out, keeps blank required ones for the schema to refuse', () => {
    expect(fitToSchema(person, { email: '', name: '', age: '' })).toEqual({ email: '' });
  });

  it('passes anything it cannot fit as is', () => {
    expect(fitToSchema(person, { email: 'a@b.co', age: 'old', vip: 'yes', tags: 'x' })).toEqual({ email: 'a@b.co', age: 'old', vip: 'yes', tags: 'x' });
    expect(fitToSchema(person, 'text')).toBe('text');
    expect(fitToSchema(z.number().pipe(z.number().min(1)), '5')).toBe(5);
  });
});

describe('checkActionInput', () => {
  it('fits, then validates with the schema (defaults applied)', () => {
    expect(checkActionInput(person, { email: 'a@b.co', age: '41', name: '' })).toEqual({ ok: true, input: { email: 'a@b.co', age: 41, vip: false } });
  });

  it('names every bad field, with array indexes', () => {
    const checked = checkActionInput(person, { email: 'nope', age: 'old', tags: ['a', { x: 1 }] });
    expect(checked).toEqual({
      ok: false,
      issues: [
        { field: 'email', message: 'Invalid email address' },
        { field: 'age', message: 'Invalid input: expected number, received string' },
        { field: 'tags[1]', message: 'Invalid input: expected string, received object' },
      ],
      message:
        'Input "email": Invalid email address; Input "age": Invalid input: expected number, received string; Input "tags[1]": Invalid input: expected string, received object',
    });
  });

  it('treats a missing input as an empty object; a value that is not an object is refused as a whole', () => {
    expect(checkActionInput(z.object({ a: z.string().default('x') }), undefined)).toEqual({ ok: true, input: { a: 'x' } });
    expect(checkActionInput(person, 'text')).toMatchObject({ ok: false, message: 'Input: Invalid input: expected object, received string' });
  });
});

describe('checkInput', () => {
  it('validates the value as it is, no fitting', () => {
    expect(checkInput(person, { email: 'a@b.co', age: '41' })).toMatchObject({
      ok: false,
      issues: [{ field: 'age', message: 'Invalid input: expected number, received string' }],
      message: 'age: Invalid input: expected number, received string',
    });
  });

  it('lists at most five issues in its message', () => {
    const schema = z.object(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, z.string()])));
    const checked = checkInput(schema, {});
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toHaveLength(7);
    expect(checked.message).toMatch(/^a: .+; e: [^;]+; and 2 more$/);
  });
});
