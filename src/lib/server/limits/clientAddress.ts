import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is counted under. An IPv4 address is one key; an IPv6 address
 * counts by its /64, the prefix one household, office or server is given: anyone holding a /64
 * has 2^64 addresses to rotate through. IPv4 written as IPv6 (`::ffff:192.0.2.1`) is IPv4.
 * The address comes from `event.getClientAddress()` (adapter-node honours ADDRESS_HEADER and
 * XFF_DEPTH behind a proxy).
 */
export function addressKey(address: string): string {
	const plain = address.trim().replace(/%.*$/, '').toLowerCase();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
	if (mapped && isIPv4(mapped[1])) return mapped[1];
	if (isIPv4(plain)) return plain;
	if (!isIPv6(plain)) return plain;
	return `${groupsOf(plain).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function groupsOf(address: string): string[] {
	const [head, tail] = address.split('::');
	const part = (s: string | undefined) => (s ? s.split(':') : []);
	// A trailing dotted IPv4 part stands for the last two groups; only the first four matter here.
	const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
	const groups = tail === undefined ? part(head) : [...part(head), ...Array<string>(8 - width(part(head)) - width(part(tail))).fill('0'), ...part(tail)];
	return groups.map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)));
}
