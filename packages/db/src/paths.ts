import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (packages/db/src → ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
