import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

/**
 * Host-side work on a QuickJS context: no JavaScript is evaluated for it. The console and
 * the helpers the host needs are built through the FFI, and the built-ins the host calls
 * (JSON.parse / JSON.stringify, Array.isArray, Object.getPrototypeOf) are captured before
 * the user's code runs, so replacing them from user code changes nothing for the host.
 */

export const LOG_LINE_MAX = 1000;
export const CODE_FILE = 'code.js';
/** The user's source is the body of this function; its line numbers shift by WRAPPER_LINES. */
export const WRAPPER_LINES = 1;
export function wrapSource(source: string): string {
  return `(async function (input) {\n${source}\n})`;
}

export interface Intrinsics {
  json: QuickJSHandle;
  parse: QuickJSHandle;
  stringify: QuickJSHandle;
  isArray: QuickJSHandle;
  getPrototypeOf: QuickJSHandle;
  objectPrototype: QuickJSHandle;
  toStringTag: QuickJSHandle;
}

export function captureIntrinsics(vm: QuickJSContext, keep: (h: QuickJSHandle) => QuickJSHandle): Intrinsics {
  const json = keep(vm.getProp(vm.global, 'JSON'));
  const array = keep(vm.getProp(vm.global, 'Array'));
  const object = keep(vm.getProp(vm.global, 'Object'));
  const objectPrototype = keep(vm.getProp(object, 'prototype'));
  return {
    json,
    parse: keep(vm.getProp(json, 'parse')),
    stringify: keep(vm.getProp(json, 'stringify')),
    isArray: keep(vm.getProp(array, 'isArray')),
    getPrototypeOf: keep(vm.getProp(object, 'getPrototypeOf')),
    objectPrototype,
    toStringTag: keep(vm.getProp(objectPrototype, 'toString')),
  };
}

/** Calls a captured function; returns its result handle or null when it threw. */
export function call(vm: QuickJSContext, keep: (h: QuickJSHandle) => QuickJSHandle, fn: QuickJSHandle, self: QuickJSHandle, ...args: QuickJSHandle[]): QuickJSHandle | null {
  const result = vm.callFunction(fn, self, ...args);
  if (result.error) {
    keep(result.error);
    return null;
  }
  return keep(result.value);
}

function text(vm: QuickJSContext, handle: QuickJSHandle | null): string | null {
  return handle && vm.typeof(handle) === 'string' ? vm.getString(handle) : null;
}

/** A value as a console argument or error message: strings as is, the rest as JSON. */
export function formatValue(vm: QuickJSContext, keep: (h: QuickJSHandle) => QuickJSHandle, intrinsics: Intrinsics, handle: QuickJSHandle): string {
  const type = vm.typeof(handle);
  if (type === 'string') return vm.getString(handle);
  if (type === 'undefined') return 'undefined';
  if (type === 'number' || type === 'boolean' || type === 'bigint') return String(vm.dump(handle));
  if (type === 'function') return '[function]';
  if (type === 'symbol') return '[symbol]';
  return text(vm, call(vm, keep, intrinsics.stringify, intrinsics.json, handle)) ?? '[unprintable]';
}

/** Defines `console.log/info/warn/error/debug`; `write` returns false once the log is full. */
export function installConsole(
  vm: QuickJSContext,
  keep: (h: QuickJSHandle) => QuickJSHandle,
  intrinsics: Intrinsics,
  write: (level: string, line: string | null) => boolean,
): void {
  const consoleObject = keep(vm.newObject());
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const fn = keep(
      vm.newFunction(level, (...args) => {
        if (!write(level, null)) return;
        const temporaries: QuickJSHandle[] = [];
        const hold = (h: QuickJSHandle) => (temporaries.push(h), h);
        let line = '';
        try {
          for (const [i, arg] of args.entries()) {
            if (line.length > LOG_LINE_MAX) break;
            line += (i > 0 ? ' ' : '') + formatValue(vm, hold, intrinsics, arg);
          }
        } finally {
          for (const h of temporaries) if (h.alive) h.dispose();
        }
        write(level, line.length > LOG_LINE_MAX ? `${line.slice(0, LOG_LINE_MAX)}…` : line);
      }),
    );
    vm.setProp(consoleObject, level, fn);
  }
  vm.setProp(vm.global, 'console', consoleObject);
}

/** What the user's code returned: a plain object as JSON text, or why it is not one. */
export function serializeResult(
  vm: QuickJSContext,
  keep: (h: QuickJSHandle) => QuickJSHandle,
  intrinsics: Intrinsics,
  value: QuickJSHandle,
): { json: string } | { problem: string } {
  const type = vm.typeof(value);
  if (type !== 'object') return { problem: type };
  if (vm.sameValue(value, vm.null)) return { problem: 'null' };
  const isArray = call(vm, keep, intrinsics.isArray, vm.undefined, value);
  if (isArray && vm.dump(isArray) === true) return { problem: 'an array' };
  const proto = call(vm, keep, intrinsics.getPrototypeOf, vm.undefined, value);
  if (!proto || !(vm.sameValue(proto, intrinsics.objectPrototype) || vm.sameValue(proto, vm.null))) {
    return { problem: text(vm, call(vm, keep, intrinsics.toStringTag, value)) ?? 'an object that is not plain' };
  }
  const result = vm.callFunction(intrinsics.stringify, intrinsics.json, value);
  if (result.error) {
    const error = keep(result.error);
    return { problem: `unserializable:${describeThrown(vm, keep, intrinsics, error).message}` };
  }
  const json = text(vm, keep(result.value));
  return json === null ? { problem: 'an object that is not JSON' } : { json };
}

export interface Thrown {
  name: string;
  message: string;
  stack: string;
}

function stringProp(vm: QuickJSContext, keep: (h: QuickJSHandle) => QuickJSHandle, handle: QuickJSHandle, key: string): string | null {
  return text(vm, keep(vm.getProp(handle, key)));
}

/** Reads a thrown value: an Error's name, message and stack, or a primitive's text. */
export function describeThrown(vm: QuickJSContext, keep: (h: QuickJSHandle) => QuickJSHandle, intrinsics: Intrinsics, handle: QuickJSHandle): Thrown {
  if (vm.typeof(handle) === 'object' && !vm.sameValue(handle, vm.null)) {
    return {
      name: (stringProp(vm, keep, handle, 'name') ?? 'Error').slice(0, 200),
      message: (stringProp(vm, keep, handle, 'message') ?? formatValue(vm, keep, intrinsics, handle)).slice(0, 2000),
      stack: (stringProp(vm, keep, handle, 'stack') ?? '').slice(0, 4000),
    };
  }
  return { name: 'Uncaught', message: formatValue(vm, keep, intrinsics, handle).slice(0, 2000), stack: '' };
}
