import { randomBytes } from 'node:crypto';

/** A URL-safe, unique-enough slug: "acme-inc-3f9a1c" (the suffix avoids collisions between equal names). */
export function workspaceSlug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `${base || 'workspace'}-${randomBytes(3).toString('hex')}`;
}
