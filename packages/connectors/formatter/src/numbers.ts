/** Reading and writing numbers by locale. */

interface Separators {
  group: string;
  decimal: string;
}

const separators = new Map<string, Separators>();

function separatorsFor(locale: string): Separators {
  let found = separators.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separators.set(locale, found);
  }
  return found;
}

const SPACES = /[\s\u00a0\u202f]/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A number from text written in a locale: "1,234.50", "1.234,50" (de-DE), "1 234,5" (fr-FR),
 * "$ -12", "(42.10)" (accounting negative), "7%" (→ 7). NaN when it is not one number.
 */
export function parseNumber(text: string, locale: string): number {
  let s = text.trim();
  if (!s) return NaN;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  const { group, decimal } = separatorsFor(locale);
  // Currency signs, letters and percent around the number are dropped; what is left must be a number.
  s = s
    .replace(/^[^\d\-+.,]+|[^\d.,]+$/gu, '')
    .replace(/^([-+])[^\d.,]+/u, '$1')
    .replace(SPACES, '');
  const groupChar = /^[\s\u00a0\u202f]$/.test(group) ? '' : group;
  const [whole = '', ...fraction] = s.split(decimal);
  if (fraction.length > 1) return NaN;
  let digits = whole;
  if (groupChar && whole.includes(groupChar)) {
    // Grouped digits must be well placed: "1,234,567" or "12,34,567" (en-IN), never "1,5".
    const well = new RegExp(`^[-+]?\\d{1,3}(${escape(groupChar)}\\d{2,3})*${escape(groupChar)}\\d{3}$`);
    if (!well.test(whole)) return NaN;
    digits = whole.split(groupChar).join('');
  }
  s = fraction.length ? `${digits}.${fraction[0]}` : digits;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
  const n = Number(s);
  return negative ? -n : n;
}

/** A number, or text read as one; NaN otherwise. */
export function toNumber(value: number | string, locale: string): number {
  return typeof value === 'number' ? value : parseNumber(value, locale);
}

/** Clears binary floating-point noise: 0.1 + 0.2 → 0.3. */
export function clean(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : n;
}

export function roundTo(n: number, decimals: number): number {
  const factor = 10 ** decimals;
  return clean(Math.round(clean(n * factor)) / factor);
}
