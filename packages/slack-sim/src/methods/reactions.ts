/** reactions.add. */
import { SlackError, str, visibleChannel, type MethodDef } from '../context';
import { TS_PATTERN } from '../store';

/** Standard emoji names the simulator knows (a sample of Slack's; a workspace's custom ones are added in the store). */
export const STANDARD_EMOJI = new Set([
  '+1', 'thumbsup', '-1', 'thumbsdown', 'white_check_mark', 'heavy_check_mark', 'x', 'eyes', 'tada', 'heart', 'fire', 'rocket',
  'warning', 'rotating_light', 'raised_hands', 'clap', 'pray', '100', 'star', 'sparkles', 'bulb', 'memo', 'pushpin', 'wave',
  'smile', 'joy', 'thinking_face', 'ok_hand', 'muscle', 'bell', 'hourglass', 'calendar', 'chart_with_upwards_trend',
  'chart_with_downwards_trend', 'red_circle', 'large_green_circle', 'large_yellow_circle', 'ticket', 'inbox_tray', 'handshake',
]);

const NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

const add: MethodDef = {
  name: 'reactions.add',
  scopes: ['reactions:write'],
  json: true,
  run(ctx) {
    const name = str(ctx.args, 'name');
    if (str(ctx.args, 'channel') === undefined || str(ctx.args, 'timestamp') === undefined) throw new SlackError('no_item_specified');
    const channel = visibleChannel(ctx);
    const timestamp = str(ctx.args, 'timestamp') ?? '';
    if (!TS_PATTERN.test(timestamp)) throw new SlackError('bad_timestamp');
    const base = name?.replace(/::skin-tone-[2-6]$/, '');
    if (name === undefined || !NAME.test(name) || base === undefined || !(STANDARD_EMOJI.has(base) || ctx.store.customEmoji.has(base))) {
      throw new SlackError('invalid_name');
    }
    if (channel.is_archived) throw new SlackError('is_archived');
    const message = ctx.store.findMessage(channel.id, timestamp);
    if (!message) throw new SlackError('message_not_found');
    const reactions = (message.reactions ??= []);
    let reaction = reactions.find((r) => r.name === name);
    if (reaction?.users.includes(ctx.token.userId)) throw new SlackError('already_reacted');
    if (!reaction) {
      reaction = { name, users: [], count: 0 };
      reactions.push(reaction);
    }
    reaction.users.push(ctx.token.userId);
    reaction.count += 1;
    return {};
  },
};

export const reactionMethods: MethodDef[] = [add];
