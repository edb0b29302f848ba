/**
 * Which IP addresses a public integration may call. Every spelling is normalised first: the
 * WHATWG URL parser turns `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` into `127.0.0.1`,
 * and IPv6 is read into its 16 bytes, so an IPv4 address embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4) is judged as the IPv4 address it carries.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';

type V4Range = readonly [base: string, bits: number, label: string];

/** IANA special-purpose IPv4 ranges; the first match names the address. */
const V4_RANGES: readonly V4Range[] = [
  ['255.255.255.255', 32, 'broadcast address'],
  ['169.254.169.254', 32, 'cloud metadata address'],
  ['0.0.0.0', 8, 'unspecified address'],
  ['10.0.0.0', 8, 'private address'],
  ['100.64.0.0', 10, 'carrier-grade NAT address'],
  ['127.0.0.0', 8, 'loopback address'],
  ['169.254.0.0', 16, 'link-local address'],
  ['172.16.0.0', 12, 'private address'],
  ['192.0.0.0', 24, 'reserved address'],
  ['192.0.2.0', 24, 'documentation address'],
  ['192.88.99.0', 24, 'reserved address'],
  ['192.168.0.0', 16, 'private address'],
  ['198.18.0.0', 15, 'benchmarking address'],
  ['198.51.100.0', 24, 'documentation address'],
  ['203.0.113.0', 24, 'documentation address'],
  ['224.0.0.0', 4, 'multicast address'],
  ['240.0.0.0', 4, 'reserved address'],
];

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_TABLE = V4_RANGES.map(([base, bits, label]) => {
  const size = 2 ** (32 - bits);
  const start = v4Number(base);
  return { start, end: start + size - 1, label };
});

function v4Reason(value: number): string | undefined {
  return V4_TABLE.find((r) => value >= r.start && value <= r.end)?.label;
}

/** An IPv6 address (no zone id) as its eight 16-bit groups; undefined when it is not one. */
export function ipv6Groups(ip: string): number[] | undefined {
  if (!isIPv6(ip)) return undefined;
  let text = ip.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = v4Number(dotted[1]);
    tail.push(Math.floor(n / 65536), n % 65536);
    text = text.slice(0, -dotted[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = [...parse(rest ?? ''), ...tail];
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const groups = rest === undefined ? [...left, ...tail] : [...left, ...fill, ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

const embedded = (hi: number, lo: number) => hi * 65536 + lo;

function v6Reason(g: number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified address';
  if (zeroTo(7) && g7 === 1) return 'loopback address';
  const last32 = embedded(g6, g7);
  // ::ffff:a.b.c.d (mapped): as the IPv4 address it is.
  if (zeroTo(5) && g5 === 0xffff) return v4Reason(last32);
  // ::a.b.c.d (compatible, deprecated) and ::ffff:0:a.b.c.d (translated): never a public service.
  if (zeroTo(6) || (zeroTo(4) && g4 === 0xffff && g5 === 0)) return v4Reason(last32) ?? 'reserved address';
  // NAT64 64:ff9b::a.b.c.d reaches a.b.c.d; the local-use prefix 64:ff9b:1::/48 is internal.
  if (g0 === 0x64 && g1 === 0xff9b) {
    if (g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Reason(last32);
    return 'reserved address';
  }
  // 6to4 2002:aabb:ccdd::/48 carries a.b.c.d.
  if (g0 === 0x2002) return v4Reason(embedded(g1, g2));
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation address';
  if (g0 === 0x3fff && g1 <= 0x0fff) return 'documentation address';
  // 2001::/23: Teredo (which hides an IPv4 address), benchmarking, ORCHID and other protocol assignments.
  if (g0 === 0x2001 && g1 <= 0x01ff) return 'reserved address';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local address';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local address';
  if ((g0 & 0xff00) === 0xff00) return 'multicast address';
  // Only 2000::/3 is global unicast.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved address';
  return undefined;
}

/**
 * An address in canonical form: IPv4 dotted quad or IPv6 without brackets or zone id. Any
 * other spelling of an IPv4 address goes through the WHATWG URL parser (as a URL's host
 * would). Undefined when the text is not an IP address at all.
 */
export function canonicalIp(text: string): string | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIP(bare)) return bare.toLowerCase();
  try {
    const host = new URL(`http://${bare}/`).hostname;
    if (isIPv4(host)) return host;
  } catch {
    // not a host at all
  }
  return undefined;
}

/**
 * Why an address must not be called ("private address", "loopback address", …), or undefined
 * for a public unicast address. Text that is not an IP address is refused as well.
 */
export function internalReason(ip: string): string | undefined {
  const canonical = canonicalIp(ip);
  if (canonical === undefined) return 'not an IP address';
  if (isIPv4(canonical)) return v4Reason(v4Number(canonical));
  const groups = ipv6Groups(canonical);
  return groups ? v6Reason(groups) : 'not an IP address';
}

/** True for addresses a public integration has no business calling. */
export function isInternalAddress(ip: string): boolean {
  return internalReason(ip) !== undefined;
}
