// @ts-check
/**
 * The embedder's side of a QuickJS context, used inside the sandbox's worker thread (or in
 * process when threads are unavailable): no JavaScript is evaluated for it. The console and
 * the helpers the sandbox needs are built through the QuickJS FFI, and the built-ins it calls
 * (JSON.parse / JSON.stringify, Array.isArray, Object.getPrototypeOf) are captured before
 * the user's code runs, so replacing them from user code changes nothing outside it.
 *
 * Plain JavaScript (checked through JSDoc) because it runs inside the sandbox's worker
 * thread, which loads without a TypeScript loader (vitest, tsx and Next.js alike).
 */

/** @typedef {import('quickjs-emscripten').QuickJSContext} QuickJSContext */
/** @typedef {import('quickjs-emscripten').QuickJSHandle} QuickJSHandle */
/** @typedef {(handle: QuickJSHandle) => QuickJSHandle} Keep */
/**
 * @typedef {object} Intrinsics
 * @property {QuickJSHandle} json
 * @property {QuickJSHandle} parse
 * @property {QuickJSHandle} stringify
 * @property {QuickJSHandle} isArray
 * @property {QuickJSHandle} getPrototypeOf
 * @property {QuickJSHandle} objectPrototype
 * @property {QuickJSHandle} toStringTag
 * @property {QuickJSHandle} slice String.prototype.slice
 */
/** @typedef {{ name: string, message: string, stack: string }} Thrown */

export const LOG_LINE_MAX = 1000;
export const CODE_FILE = 'code.js';
/** The user's source is the body of this function; its line numbers shift by WRAPPER_LINES. */
export const WRAPPER_LINES = 1;

/** @param {string} source */
export function wrapSource(source) {
  return `(async function (input) {\n${source}\n})`;
}

/**
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @returns {Intrinsics}
 */
export function captureIntrinsics(vm, keep) {
  const json = keep(vm.getProp(vm.global, 'JSON'));
  const array = keep(vm.getProp(vm.global, 'Array'));
  const object = keep(vm.getProp(vm.global, 'Object'));
  const objectPrototype = keep(vm.getProp(object, 'prototype'));
  const string = keep(vm.getProp(vm.global, 'String'));
  const stringPrototype = keep(vm.getProp(string, 'prototype'));
  return {
    json,
    parse: keep(vm.getProp(json, 'parse')),
    stringify: keep(vm.getProp(json, 'stringify')),
    isArray: keep(vm.getProp(array, 'isArray')),
    getPrototypeOf: keep(vm.getProp(object, 'getPrototypeOf')),
    objectPrototype,
    toStringTag: keep(vm.getProp(objectPrototype, 'toString')),
    slice: keep(vm.getProp(stringPrototype, 'slice')),
  };
}

/**
 * Calls a captured function; returns its result handle or null when it threw.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {QuickJSHandle} fn
 * @param {QuickJSHandle} self
 * @param {QuickJSHandle[]} args
 * @returns {QuickJSHandle | null}
 */
export function call(vm, keep, fn, self, ...args) {
  const result = vm.callFunction(fn, self, ...args);
  if (result.error) {
    keep(result.error);
    return null;
  }
  return keep(result.value);
}

/**
 * A QuickJS string's length, read as a property (user code cannot redefine a primitive
 * string's `length`). `vm.getLength` answers only for objects: for a string it gave nothing,
 * so every string used to be read whole, whatever its size.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {QuickJSHandle} handle
 * @returns {number}
 */
function stringLength(vm, keep, handle) {
  const length = keep(vm.getProp(handle, 'length'));
  return vm.typeof(length) === 'number' ? vm.getNumber(length) : Number.POSITIVE_INFINITY;
}

/**
 * A QuickJS string as a JavaScript string, cut to `max` characters inside QuickJS first, so a
 * huge string never lands on V8's heap; null when the value is not a string.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle | null} handle
 * @param {number} max
 * @returns {string | null}
 */
function text(vm, keep, intrinsics, handle, max) {
  if (!handle || vm.typeof(handle) !== 'string') return null;
  if (stringLength(vm, keep, handle) <= max) return vm.getString(handle);
  const cut = call(vm, keep, intrinsics.slice, handle, keep(vm.newNumber(0)), keep(vm.newNumber(max)));
  return cut && vm.typeof(cut) === 'string' ? vm.getString(cut) : null;
}

/**
 * A value as a console argument or error message (at most `max` characters): strings as
 * is, the rest as JSON.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle} handle
 * @param {number} max
 * @returns {string}
 */
export function formatValue(vm, keep, intrinsics, handle, max) {
  const type = vm.typeof(handle);
  if (type === 'string') return text(vm, keep, intrinsics, handle, max) ?? '';
  if (type === 'undefined') return 'undefined';
  if (type === 'number' || type === 'boolean' || type === 'bigint') return String(vm.dump(handle));
  if (type === 'function') return '[function]';
  if (type === 'symbol') return '[symbol]';
  return text(vm, keep, intrinsics, call(vm, keep, intrinsics.stringify, intrinsics.json, handle), max) ?? '[unprintable]';
}

/**
 * Defines `console.log/info/warn/error/debug`; `write` returns false once the log is full.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {(level: string, line: string | null) => boolean} write
 */
export function installConsole(vm, keep, intrinsics, write) {
  const consoleObject = keep(vm.newObject());
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const fn = keep(
      vm.newFunction(level, (...args) => {
        if (!write(level, null)) return;
        /** @type {QuickJSHandle[]} */
        const temporaries = [];
        /** @type {Keep} */
        const hold = (h) => (temporaries.push(h), h);
        let line = '';
        try {
          for (const [i, arg] of args.entries()) {
            if (line.length > LOG_LINE_MAX) break;
            line += (i > 0 ? ' ' : '') + formatValue(vm, hold, intrinsics, arg, LOG_LINE_MAX + 1);
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

/**
 * What the user's code returned: a plain object as JSON text of at most `maxChars`
 * characters, or why it is not one (`too long` when the JSON is longer).
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle} value
 * @param {number} maxChars
 * @returns {{ json: string } | { problem: string }}
 */
export function serializeResult(vm, keep, intrinsics, value, maxChars) {
  const type = vm.typeof(value);
  if (type !== 'object') return { problem: type };
  if (vm.sameValue(value, vm.null)) return { problem: 'null' };
  const isArray = call(vm, keep, intrinsics.isArray, vm.undefined, value);
  if (isArray && vm.dump(isArray) === true) return { problem: 'an array' };
  const proto = call(vm, keep, intrinsics.getPrototypeOf, vm.undefined, value);
  if (!proto || !(vm.sameValue(proto, intrinsics.objectPrototype) || vm.sameValue(proto, vm.null))) {
    return { problem: text(vm, keep, intrinsics, call(vm, keep, intrinsics.toStringTag, value), 200) ?? 'an object that is not plain' };
  }
  const result = vm.callFunction(intrinsics.stringify, intrinsics.json, value);
  if (result.error) {
    const error = keep(result.error);
    return { problem: `unserializable:${describeThrown(vm, keep, intrinsics, error).message}` };
  }
  const json = keep(result.value);
  if (vm.typeof(json) !== 'string') return { problem: 'an object that is not JSON' };
  if (stringLength(vm, keep, json) > maxChars) return { problem: 'too long' };
  const jsonText = vm.getString(json);
  // A toJSON (its own or one planted on Object.prototype) can turn the object into other JSON.
  if (!jsonText.startsWith('{')) return { problem: 'an object whose JSON is not an object (toJSON)' };
  return { json: jsonText };
}

/**
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle} handle
 * @param {string} key
 * @param {number} max
 */
function stringProp(vm, keep, intrinsics, handle, key, max) {
  return text(vm, keep, intrinsics, keep(vm.getProp(handle, key)), max);
}

/**
 * Reads a thrown value: an Error's name, message and stack, or a primitive's text.
 * @param {QuickJSContext} vm
 * @param {Keep} keep
 * @param {Intrinsics} intrinsics
 * @param {QuickJSHandle} handle
 * @returns {Thrown}
 */
export function describeThrown(vm, keep, intrinsics, handle) {
  if (vm.typeof(handle) === 'object' && !vm.sameValue(handle, vm.null)) {
    return {
      name: stringProp(vm, keep, intrinsics, handle, 'name', 200) ?? 'Error',
      message: stringProp(vm, keep, intrinsics, handle, 'message', 2000) ?? formatValue(vm, keep, intrinsics, handle, 2000),
      stack: stringProp(vm, keep, intrinsics, handle, 'stack', 4000) ?? '',
    };
  }
  return { name: 'Uncaught', message: formatValue(vm, keep, intrinsics, handle, 2000), stack: '' };
}
