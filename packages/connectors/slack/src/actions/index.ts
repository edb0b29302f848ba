import { addReaction } from './add-reaction';
import { findUserByEmail } from './find-user-by-email';
import { sendChannelMessage } from './send-channel-message';
import { sendDirectMessage } from './send-direct-message';
import { updateMessage } from './update-message';

export const actions = [sendChannelMessage, sendDirectMessage, updateMessage, addReaction, findUserByEmail];
