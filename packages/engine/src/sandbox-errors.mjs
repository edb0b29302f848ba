// @ts-check
/** The sandbox's errors as the user sees them (plain JavaScript: see sandbox-quickjs.mjs). */
import { CODE_FILE, WRAPPER_LINES } from './sandbox-quickjs.mjs';

/** @typedef {import('./sandbox-quickjs.mjs').Thrown} Thrown */
/** @typedef {import('./sandbox-protocol').SandboxError} SandboxError */
/** @typedef {import('./sandbox-protocol').SandboxErrorKind} SandboxErrorKind */

/**
 * @param {number} timeoutMs
 * @returns {SandboxError}
 */
export function timeoutError(timeoutMs) {
  return { kind: 'timeout', message: `Code ran longer than its time limit of ${timeoutMs} ms` };
}

/**
 * @param {number} memoryLimitBytes
 * @returns {SandboxError}
 */
export function memoryError(memoryLimitBytes) {
  return { kind: 'memory', message: `Code used more than its memory limit of ${Math.round(memoryLimitBytes / 1048576)} MB` };
}

/**
 * @param {string} text
 * @returns {{ line?: number, column?: number }}
 */
function position(text) {
  const m = new RegExp(`${CODE_FILE.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`).exec(text);
  if (!m || m[1] === undefined) return {};
  const line = Number(m[1]) - WRAPPER_LINES;
  if (line < 1) return {};
  return m[2] === undefined ? { line } : { line, column: Number(m[2]) };
}

/**
 * What the user sees for a value the code threw.
 * @param {Thrown} d
 * @param {{ timeoutMs: number, memoryLimitBytes: number }} limits
 * @returns {SandboxError}
 */
export function toSandboxError(d, limits) {
  if (d.name === 'InternalError' && d.message === 'interrupted') return timeoutError(limits.timeoutMs);
  if (d.name === 'InternalError' && d.message === 'out of memory') return memoryError(limits.memoryLimitBytes);
  const at = position(d.stack);
  const where = at.line === undefined ? '' : ` (line ${at.line}${at.column === undefined ? '' : `, column ${at.column}`})`;
  if (d.message === 'stack overflow') return { kind: 'stack', message: `Code exceeded the stack limit (recursion too deep)${where}`, ...at };
  /** @type {SandboxErrorKind} */
  const kind = d.name === 'SyntaxError' ? 'syntax' : 'runtime';
  return { kind, message: `${d.name || 'Error'}: ${d.message}${where}`, ...at };
}
