/** A chat-bubble mark for the Slack connector (not Slack's trademarked logo). */
export const SLACK_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4A154B"/><path d="M8 9.5A2.5 2.5 0 0 1 10.5 7h11A2.5 2.5 0 0 1 24 9.5v8a2.5 2.5 0 0 1-2.5 2.5H14l-4.5 4v-4A2.5 2.5 0 0 1 8 17.5z" fill="#fff"/><path d="M13 11v7M17 11v7M11 13h8M11 16h8" stroke="#4A154B" stroke-width="1.6" stroke-linecap="round"/></svg>';
