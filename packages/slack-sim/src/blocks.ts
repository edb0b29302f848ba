/**
 * Block Kit checks the simulator applies to `blocks` (a subset of Slack's rules): a JSON array of at
 * most 50 objects of a known type; text objects are plain_text or mrkdwn with text up to 3,000
 * characters (header: plain_text, 150). Failures answer like Slack: `invalid_blocks_format` when
 * the value is not a JSON array, `invalid_blocks` with `response_metadata.messages` otherwise.
 */
import { SlackError } from './context';

const TYPES = new Set(['section', 'header', 'divider', 'context', 'actions', 'image', 'rich_text', 'input', 'markdown', 'file', 'video']);
const MAX_BLOCKS = 50;
const MAX_TEXT = 3000;
const MAX_HEADER = 150;

type Problem = { pointer: string; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textObject(value: unknown, pointer: string, problems: Problem[], opts: { plainOnly?: boolean; max?: number } = {}): void {
  if (!isObject(value)) {
    problems.push({ pointer, message: 'must be a text object' });
    return;
  }
  const allowed = opts.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
    problems.push({ pointer: `${pointer}/type`, message: `must be ${allowed.join(' or ')}` });
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    problems.push({ pointer: `${pointer}/text`, message: 'must be a non-empty string' });
  } else if (value.text.length > (opts.max ?? MAX_TEXT)) {
    problems.push({ pointer: `${pointer}/text`, message: `must be at most ${opts.max ?? MAX_TEXT} characters` });
  }
}

function checkBlock(block: unknown, i: number, problems: Problem[]): void {
  const at = `/blocks/${i}`;
  if (!isObject(block)) {
    problems.push({ pointer: at, message: 'must be an object' });
    return;
  }
  if (typeof block.type !== 'string' || !TYPES.has(block.type)) {
    problems.push({ pointer: `${at}/type`, message: `unknown block type ${JSON.stringify(block.type)}` });
    return;
  }
  if (block.type === 'section') {
    if (block.text === undefined && block.fields === undefined) problems.push({ pointer: at, message: 'a section needs text or fields' });
    if (block.text !== undefined) textObject(block.text, `${at}/text`, problems);
    if (block.fields !== undefined) {
      if (!Array.isArray(block.fields) || block.fields.length > 10) problems.push({ pointer: `${at}/fields`, message: 'must be an array of at most 10 text objects' });
      else block.fields.forEach((f, j) => textObject(f, `${at}/fields/${j}`, problems));
    }
  } else if (block.type === 'header') {
    textObject(block.text, `${at}/text`, problems, { plainOnly: true, max: MAX_HEADER });
  } else if (block.type === 'context') {
    if (!Array.isArray(block.elements) || block.elements.length === 0) problems.push({ pointer: `${at}/elements`, message: 'must be a non-empty array' });
  } else if (block.type === 'markdown') {
    if (typeof block.text !== 'string' || block.text === '') problems.push({ pointer: `${at}/text`, message: 'must be a non-empty string' });
  }
}

/** The blocks argument as an array (a JSON string is parsed); throws invalid_blocks_format / invalid_blocks. */
export function parseBlocks(raw: unknown): unknown[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackError('invalid_blocks_format');
    }
  }
  if (!Array.isArray(value)) throw new SlackError('invalid_blocks_format');
  const problems: Problem[] = [];
  if (value.length > MAX_BLOCKS) problems.push({ pointer: '/blocks', message: `no more than ${MAX_BLOCKS} items allowed` });
  value.forEach((block, i) => checkBlock(block, i, problems));
  if (problems.length > 0) {
    throw new SlackError('invalid_blocks', {
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`) },
    });
  }
  return value;
}

/** The plain text a screen reader or notification would show for blocks without `text`. */
export function blocksText(blocks: unknown[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const text = block.text;
    if (isObject(text) && typeof text.text === 'string') parts.push(text.text);
    else if (typeof text === 'string') parts.push(text);
  }
  return parts.join(' ');
}
