/**
 * What the fuzz sends: hostile strings, JSON values, bodies (malformed, huge, deeply nested,
 * wrong types, a good body with one field spoiled), query strings and headers. Fast-check
 * arbitraries, plus the same ingredients as fixed lists for the exhaustive pass.
 */
import fc from 'fast-check';

/**
 * Strings that break naive code: traversal, SQL, NUL, lone surrogates, RTL, overlong, prototype
 * keys. Not '' (as a path param): Next.js never routes an empty segment to a dynamic route.
 */
export const NASTY_STRINGS: string[] = [
  ' ',
  '../',
  '../../../etc/passwd',
  '..%2F..%2Fadmin',
  '%00',
  'a\u0000b',
  "' OR '1'='1' --",
  '"; DROP TABLE "User"; --',
  '\\',
  '\uD800',
  '\uDFFFx\uD83D',
  '😀𝕏 ｆｕｌｌ ٱلْعَرَبِيَّة \u202E',
  '__proto__',
  'constructor',
  '{{trigger.__proto__}}',
  '${7*7}',
  'null',
  'NaN',
  '-1',
  '1e309',
  'kn_' + 'A'.repeat(43),
  'x'.repeat(65),
  'y'.repeat(5000),
];

const latin1Printable = fc.integer({ min: 0x20, max: 0xff }).map((n) => String.fromCharCode(n));
/** Header values: any Latin-1 text a client can put on the wire (no CR/LF/NUL). */
export const headerText = (maxLength = 200) => fc.string({ unit: latin1Printable, maxLength });

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 65, maxLength: 400 }),
);

export const FIELD_NAMES = [
  'name', 'email', 'password', 'role', 'connectorKey', 'fields', 'apiKey', 'baseUrl', 'definition', 'draft', 'sample',
  'skipToNow', 'templateKey', 'connectionId', 'format', 'tags', 'description', 'mode', 'source', 'input', 'timeoutMs',
  'connector', 'event', 'trigger', 'steps', 'id', 'type', '__proto__', 'constructor',
];

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, [], {}, [null], { id: null }),
);

const fieldObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 12 })), anyValue, { maxKeys: 6 });

/** `[[[[…]]]]` `depth` deep (as JSON text: it may not even parse). */
export const deepArrayText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A konnector draft whose path branches nest `depth` deep, in `key` (draft or definition). */
export function deepDraftText(key: string, depth: number): string {
  const open = '{"type":"path","id":"p","branches":[{"id":"b","name":"b","conditions":{"all":[]},"steps":[';
  const close = ']}]}';
  const trigger = '{"id":"trigger","connector":"catch_hook","event":"catch_hook","input":{}}';
  return `{"name":"Deep","${key}":{"trigger":${trigger},"steps":[${open.repeat(depth)}${close.repeat(depth)}]}}`;
}

/** Conditions nested `depth` deep: {all:[{all:[…]}]}. */
export const deepConditionsText = (depth: number) =>
  `{"draft":{"trigger":{"id":"trigger","connector":"catch_hook","event":"catch_hook","input":{}},"steps":[{"type":"filter","id":"f","conditions":${'{"all":['.repeat(depth)}${']}'.repeat(depth)}}]}}`;

export const MB = 1024 * 1024;

/** Malformed and hostile body texts, each with a name for the report. */
export const BODY_CORPUS: [string, string][] = [
  ['empty', ''],
  ['whitespace', '  \n '],
  ['invalid JSON', '{"name": '],
  ['single quotes', "{'name': 'x'}"],
  ['trailing garbage', '{"name":"x"} trailing'],
  ['JSON null', 'null'],
  ['JSON number', '42'],
  ['JSON string', '"a string"'],
  ['JSON array', '[1,2,3]'],
  ['JSON true', 'true'],
  ['wrong types', '{"name":5,"email":[],"role":{},"definition":"x","draft":7,"fields":"k","sample":[],"mode":null,"source":1}'],
  ['prototype keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"name":"p"}'],
  ['NUL in strings', '{"name":"a\\u0000b","email":"a\\u0000@b.c","connectorKey":"cu\\u0000stify","definition":{"trigger":"\\u0000"}}'],
  ['lone surrogates', '{"name":"\\ud800","email":"\\udfff@x.y","tags":["\\ud83d"]}'],
  ['deep array 1k', deepArrayText(1_000)],
  ['deep array 100k', deepArrayText(100_000)],
  ['deep draft 3k', deepDraftText('draft', 3_000)],
  ['deep definition 3k', deepDraftText('definition', 3_000)],
  ['deep conditions 20k', deepConditionsText(20_000)],
  ['huge string 900 KB', JSON.stringify({ name: 'x'.repeat(900 * 1024), source: 'y'.repeat(1000) })],
  ['over the limit 1.1 MB', JSON.stringify({ name: 'x'.repeat(1.1 * MB) })],
  ['many keys', JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])))],
];

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/jsonx',
  'application/json; charset=utf-16',
  '',
  ';;;',
];

/** A body: none, JSON of any value, a field-shaped object, a spoiled good body, noise text, or a corpus entry. */
export function bodyArb(good: unknown): fc.Arbitrary<string | undefined> {
  const spoiled =
    typeof good === 'object' && good !== null && !Array.isArray(good) && Object.keys(good).length > 0
      ? fc.tuple(fc.constantFrom(...Object.keys(good)), fc.oneof(anyValue, fc.constant(undefined))).map(([k, v]) => JSON.stringify({ ...good, [k]: v }))
      : fc.constant(JSON.stringify(good ?? {}));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: fieldObject.map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: spoiled },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom(...BODY_CORPUS.map(([, text]) => text)) },
  );
}

/** Query strings: known names with hostile values, and hostile names. */
export const queryArb: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom('cursor', 'limit', 'status', 'from', 'to', 'q', 'app', 'tag', 'action', 'konnectorId'), nastyString), fc.oneof(fc.constant(''), nastyString, fc.integer().map(String))),
  { maxLength: 4 },
);

/** Odd Content-Length values (the body is what it is). */
export const CONTENT_LENGTHS = ['-1', 'abc', '1e309', '99999999999999999999', '0', '1.5', ' 12 ', '0x10', '2000000'];
