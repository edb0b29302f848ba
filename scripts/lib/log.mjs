// Plain console helpers for the bootstrap scripts (no dependencies: they run before `pnpm install`).
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);

export const step = (msg) => console.log(paint('36', `▸ ${msg}`));
export const ok = (msg) => console.log(paint('32', `✔ ${msg}`));
export const warn = (msg) => console.log(paint('33', `! ${msg}`));
export const fail = (msg) => {
  console.error(paint('31', `✖ ${msg}`));
  process.exit(1);
};
