/** chat.postMessage and chat.update. */
import { blocksText, parseBlocks } from '../blocks';
import { bool, isMember, SlackError, str, visibleChannel, type MethodCtx, type MethodDef } from '../context';
import type { SimChannel, SimMessage } from '../store';
import { TS_PATTERN } from '../store';

/** Slack truncates past 40,000 characters; the simulator refuses, as chat.update documents. */
export const MAX_TEXT_LENGTH = 40_000;

function content(ctx: MethodCtx): { text: string | undefined; blocks: unknown[] | undefined } {
  const rawText = ctx.args.text;
  const text = typeof rawText === 'string' && rawText.trim() !== '' ? rawText : undefined;
  const blocks = parseBlocks(ctx.args.blocks);
  const attachments = ctx.args.attachments;
  const hasAttachments = (Array.isArray(attachments) && attachments.length > 0) || (typeof attachments === 'string' && attachments.trim() !== '' && attachments.trim() !== '[]');
  if (text === undefined && (blocks === undefined || blocks.length === 0) && !hasAttachments) throw new SlackError('no_text');
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new SlackError('msg_too_long');
  return { text, blocks };
}

/** Whether the token may post here: members may; others may post to public channels with chat:write.public. */
function checkCanPost(ctx: MethodCtx, channel: SimChannel): void {
  if (channel.is_archived) throw new SlackError('is_archived');
  if (isMember(channel, ctx.token)) return;
  if (!channel.is_private && ctx.token.scopes.includes('chat:write.public')) return;
  throw new SlackError('not_in_channel');
}

function authorFields(ctx: MethodCtx): Pick<SimMessage, 'user' | 'bot_id' | 'app_id' | 'team'> {
  return {
    user: ctx.token.userId,
    ...(ctx.token.botId ? { bot_id: ctx.token.botId, app_id: 'A0KONNECT1' } : {}),
    team: ctx.store.team.id,
  };
}

const postMessage: MethodDef = {
  name: 'chat.postMessage',
  scopes: ['chat:write'],
  json: true,
  run(ctx) {
    const channel = visibleChannel(ctx);
    const { text, blocks } = content(ctx);
    checkCanPost(ctx, channel);
    let threadTs = str(ctx.args, 'thread_ts');
    if (threadTs !== undefined) {
      const parent = TS_PATTERN.test(threadTs) ? ctx.store.findMessage(channel.id, threadTs) : undefined;
      if (!parent) throw new SlackError('thread_not_found');
      // A reply's ts names its parent's thread.
      threadTs = parent.thread_ts ?? parent.ts;
    }
    const message = ctx.store.insertMessage(channel.id, {
      text: text ?? (blocks ? blocksText(blocks) : ''),
      ...authorFields(ctx),
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      broadcast: threadTs !== undefined && bool(ctx.args, 'reply_broadcast'),
    });
    return { channel: channel.id, ts: message.ts, message: { ...message } };
  },
};

const update: MethodDef = {
  name: 'chat.update',
  scopes: ['chat:write'],
  json: true,
  run(ctx) {
    const channel = visibleChannel(ctx);
    const ts = str(ctx.args, 'ts');
    const message = ts === undefined ? undefined : ctx.store.findMessage(channel.id, ts);
    if (!message) throw new SlackError('message_not_found');
    const { text, blocks } = content(ctx);
    const own = ctx.token.botId ? message.bot_id === ctx.token.botId : message.user === ctx.token.userId;
    if (!own) throw new SlackError('cant_update_message');
    if (channel.is_archived) throw new SlackError('is_archived');
    // With text and no blocks the old blocks go; with blocks the text is only the fallback.
    if (blocks !== undefined) message.blocks = blocks;
    else if (text !== undefined) delete message.blocks;
    message.text = text ?? (blocks ? blocksText(blocks) : message.text);
    message.edited = { user: ctx.token.userId, ts: ctx.store.nextTs() };
    return { channel: channel.id, ts: message.ts, text: message.text, message: { ...message } };
  },
};

export const chatMethods: MethodDef[] = [postMessage, update];
