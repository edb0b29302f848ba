import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client';
import { createDb, executeSql, queryRows, type Db } from './client';
import { testDatabaseUrl } from './testing';

let db: Db;

beforeAll(async () => {
  db = createDb(await testDatabaseUrl(), { max: 2 });
});
afterAll(async () => {
  await db.$disconnect();
});

const sample = (tag: string) => Prisma.sql`
  SELECT n, ${tag} AS tag, ${null}::text AS nothing, '{"a":[1,"x"]}'::jsonb AS doc,
    ('2026-03-04 05:06:07.891'::timestamp AT TIME ZONE 'UTC') AS at
  FROM unnest(${[3, 1, 2]}::int[]) AS u(n) WHERE n > ${1} ORDER BY n`;

describe('queryRows and executeSql on the pg pool', () => {
  it('bind values as $queryRaw does and read rows alike (jsonb parsed, timestamptz as Date)', async () => {
    const direct = await queryRows<Record<string, unknown>>(db, sample("it's"));
    expect(direct).toEqual(await db.$queryRaw<Record<string, unknown>[]>(sample("it's")));
    expect(direct).toEqual([
      { n: 2, tag: "it's", nothing: null, doc: { a: [1, 'x'] }, at: new Date('2026-03-04T05:06:07.891Z') },
      { n: 3, tag: "it's", nothing: null, doc: { a: [1, 'x'] }, at: new Date('2026-03-04T05:06:07.891Z') },
    ]);
  });

  it('counts affected rows, inside a statement with several parts', async () => {
    const count = await executeSql(db, Prisma.sql`WITH t AS (SELECT * FROM unnest(${['a', 'b', 'c']}::text[]) AS x) SELECT x FROM t`);
    expect(count).toBe(3);
  });

  it('reports SQL errors', async () => {
    await expect(queryRows(db, Prisma.sql`SELECT * FROM "NoSuchTable"`)).rejects.toThrow(/NoSuchTable/);
  });

  it('still answers after $disconnect ended the pool (through Prisma, which reconnects)', async () => {
    const other = createDb(await testDatabaseUrl(), { max: 1 });
    expect(await queryRows(other, Prisma.sql`SELECT 1::int AS one`)).toEqual([{ one: 1 }]);
    await other.$disconnect();
    expect(await queryRows(other, Prisma.sql`SELECT 2::int AS two`)).toEqual([{ two: 2 }]);
    await other.$disconnect();
  });
});
