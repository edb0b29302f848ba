import { runAction } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { readDate } from './dates';
import { formatterConnector } from './index';

const date = (input: Record<string, unknown>) =>
  runAction({ connector: formatterConnector, actionKey: 'date', auth: undefined, input, idempotencyKey: 'k' });

describe('readDate', () => {
  it('reads ISO texts, naive texts in the time zone, timestamps and patterns', () => {
    expect(readDate('2026-03-30T07:00:00Z', 'Europe/Paris')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('2026-03-30 09:00', 'Europe/Paris')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('2026-01-15', 'America/New_York')?.toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(readDate(1774854000, 'UTC')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('1774854000000', 'UTC')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('30/03/2026 09:00', 'Europe/Paris', 'dd/MM/yyyy HH:mm')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('Mon, 30 Mar 2026 07:00:00 GMT', 'UTC')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(readDate('soon', 'UTC')).toBeUndefined();
    expect(readDate('2026-02-30', 'UTC')).toBeUndefined();
  });
});

describe('Formatter: date', () => {
  it('formats with a pattern in a time zone', async () => {
    expect(await date({ operation: 'format', value: '2026-03-30T07:00:00Z', timezone: 'Europe/Paris', pattern: 'EEEE d MMMM yyyy, HH:mm' })).toEqual({
      result: 'Monday 30 March 2026, 09:00',
      iso: '2026-03-30T07:00:00.000Z',
    });
    expect(await date({ operation: 'format', value: '2026-03-30T07:00:00Z' })).toMatchObject({ result: '2026-03-30 07:00' });
  });

  it('adds and subtracts calendar units in the time zone (a day across DST is a day)', async () => {
    expect(await date({ operation: 'add', value: '2026-03-28T09:00:00+01:00', amount: 1, unit: 'days', timezone: 'Europe/Paris' })).toEqual({
      result: '2026-03-29T07:00:00.000Z',
      local: '2026-03-29T09:00:00+02:00',
    });
    expect(await date({ operation: 'add', value: '2026-01-31T12:00:00Z', amount: 1, unit: 'months' })).toMatchObject({ result: '2026-02-28T12:00:00.000Z' });
    expect(await date({ operation: 'subtract', value: '2026-03-30T10:00:00Z', amount: 90, unit: 'minutes' })).toMatchObject({ result: '2026-03-30T08:30:00.000Z' });
    expect(await date({ operation: 'add', value: '2026-03-30T10:00:00Z', amount: 1.5, unit: 'hours' })).toMatchObject({ result: '2026-03-30T11:30:00.000Z' });
  });

  it('measures the difference between two dates in a unit', async () => {
    expect(await date({ operation: 'difference', value: '2026-04-10', other: '2026-03-30', unit: 'days' })).toEqual({ result: 11, unit: 'days' });
    expect(await date({ operation: 'difference', value: '2026-03-30T10:00:00Z', other: '2026-03-30T12:30:00Z', unit: 'hours' })).toEqual({ result: -2, unit: 'hours' });
    expect(await date({ operation: 'difference', value: '2027-03-30', other: '2026-01-01', unit: 'months' })).toMatchObject({ result: 14 });
  });

  it('parses to ISO', async () => {
    expect(await date({ operation: 'parse', value: '03/30/2026 9:00 AM', inputFormat: 'MM/dd/yyyy h:mm a', timezone: 'America/New_York' })).toEqual({
      result: '2026-03-30T13:00:00.000Z',
      local: '2026-03-30T09:00:00-04:00',
      unix: 1774875600,
    });
  });

  it.each([
    [{ operation: 'parse', value: 'next tuesday' }, 'Input "value": "next tuesday" is not a date'],
    [{ operation: 'parse', value: '2026-13-01' }, 'Input "value": '],
    [{ operation: 'parse', value: '2026-03-30', inputFormat: 'dd/MM/yyyy' }, 'Input "value": "2026-03-30" does not match the input format "dd/MM/yyyy"'],
    [{ operation: 'parse', value: 'x', inputFormat: 'jj' }, 'Input "inputFormat": '],
    [{ operation: 'format', value: '2026-03-30', pattern: 'YYYY-jj' }, 'Input "pattern": '],
    [{ operation: 'format', value: '2026-03-30', timezone: 'Mars/Olympus' }, 'Input "timezone": Unknown time zone'],
    [{ operation: 'add', value: '2026-03-30' }, 'Input "amount": Amount is required to add'],
    [{ operation: 'add', value: '2026-03-30', amount: 1.5, unit: 'days' }, 'Input "amount": Amount must be a whole number of days'],
    [{ operation: 'difference', value: '2026-03-30' }, 'Input "other": Other date is required'],
    [{ operation: 'difference', value: '2026-03-30', other: 'later' }, 'Input "other": "later" is not a date'],
  ])('rejects %j naming the field', async (input, message) => {
    await expect(date(input)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(message) });
  });
});
