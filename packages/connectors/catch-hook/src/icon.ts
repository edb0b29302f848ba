/** A hook: the Catch Hook tool's icon. */
export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M18 4v7a6 6 0 0 1-12 0V8"/><path d="M3 11l3-3 3 3"/><circle cx="18" cy="4" r="2"/></svg>';
