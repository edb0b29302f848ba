/** Custify mark: a rounded square with a stylised "C" (inline SVG, no external assets). */
export const CUSTIFY_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Custify">' +
  '<rect width="64" height="64" rx="14" fill="#2f6bff"/>' +
  '<path d="M43.5 22.5a15 15 0 1 0 0 19" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round"/>' +
  '<circle cx="45" cy="32" r="4" fill="#ffd23f"/>' +
  '</svg>';
