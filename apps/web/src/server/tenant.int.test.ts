import { describe, expect, it } from 'vitest';
import { Prisma } from '@konnect/db';
import { createOwner, testDb } from '@/test/fixtures';
import { scoped } from './tenant';

async function connectionIn(workspaceId: string, name: string): Promise<string> {
  const row = await testDb().connection.create({ data: { workspaceId, connectorKey: 'custify', name, secret: 'v1.x', keyVersion: 'x' } });
  return row.id;
}

describe('scoped()', () => {
  it("never reads, changes or deletes another workspace's rows, in or out of transactions", async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const inA = await connectionIn(a.workspaceId, 'A conn');
    const inB = await connectionIn(b.workspaceId, 'B conn');
    const sa = scoped(testDb(), a.workspaceId);

    expect((await sa.connection.findMany()).map((c) => c.id)).toEqual([inA]);
    expect(await sa.connection.findFirst({ where: { id: inB } })).toBeNull();
    expect(await sa.connection.findUnique({ where: { id: inB } })).toBeNull();
    expect(await sa.connection.count({ where: { workspaceId: b.workspaceId } })).toBe(1); // A's own row: the scope wins
    expect(await sa.connection.count({ where: { id: inB } })).toBe(0);
    await expect(sa.connection.update({ where: { id: inB }, data: { name: 'hijacked' } })).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((await sa.connection.deleteMany({ where: { id: inB } })).count).toBe(0);

    const created = await sa.connection.create({ data: { workspaceId: b.workspaceId, connectorKey: 'custify', name: 'sneaky', secret: 'v1.x', keyVersion: 'x' } });
    expect(created.workspaceId).toBe(a.workspaceId);

    const seen = await sa.$transaction(async (tx) => tx.connection.findMany({ select: { id: true } }));
    expect(seen.map((c) => c.id).sort()).toEqual([inA, created.id].sort());
    expect((await testDb().connection.findUniqueOrThrow({ where: { id: inB } })).name).toBe('B conn');
  });
});
