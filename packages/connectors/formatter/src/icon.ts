/** A wand over text: the Formatter tool's icon. */
export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M4 20L14 10"/><path d="M15 4v2M15 12v2M11 8h2M17 8h2"/><path d="M4 6h4M6 4v4"/></svg>';
