'use client';

import { useRef } from 'react';

/** Deep equality of plain data (identical objects short-cut, so shared catalogue entries cost nothing). */
function equal(x: unknown, y: unknown): boolean {
  if (Object.is(x, y)) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
  const ka = Object.keys(x);
  if (ka.length !== Object.keys(y).length) return false;
  const rx = x as Record<string, unknown>;
  const ry = y as Record<string, unknown>;
  return ka.every((k) => equal(rx[k], ry[k]));
}

/** Equal as nodes/edges: the same fields, with `data` and `position` compared by value. */
function sameItem(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => {
    const x = ra[k];
    const y = rb[k];
    if (Object.is(x, y)) return true;
    return (k === 'data' || k === 'position') && equal(x, y);
  });
}

/**
 * Keeps the previous object of every node or edge that did not change, and the previous array
 * when none did, so React Flow re-renders only what changed (a cache: safe to recompute).
 */
export function useStableItems<T extends { id: string }>(items: T[]): T[] {
  const cache = useRef<{ byId: Map<string, T>; list: T[] }>({ byId: new Map(), list: [] });
  const { byId, list } = cache.current;
  let changed = items.length !== list.length;
  const next = new Map<string, T>();
  const out = items.map((item, i) => {
    const old = byId.get(item.id);
    const keep = old !== undefined && sameItem(old, item) ? old : item;
    if (keep !== list[i]) changed = true;
    next.set(item.id, keep);
    return keep;
  });
  const result = changed ? out : list;
  cache.current = { byId: next, list: result };
  return result;
}
