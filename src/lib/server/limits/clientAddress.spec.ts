import { describe, expect, it } from 'vitest';
import { addressKey } from './clientAddress';

describe('addressKey', () => {
	it('keeps an IPv4 address, also when written as IPv6', () => {
		expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
		expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(addressKey('::FFFF:192.0.2.1')).toBe('192.0.2.1');
	});

	it('counts an IPv6 address by its /64, however it is written', () => {
		const key = '2001:db8:0:5::/64';
		for (const address of ['2001:db8::5:0:0:0:1', '2001:0db8:0000:0005:abcd:ef01:2345:6789', '2001:DB8:0:5::1', '2001:db8:0:5::', '2001:db8:0:5::1%eth0']) {
			expect(addressKey(address), address).toBe(key);
		}
		expect(addressKey('2001:db8:0:6::1')).not.toBe(key);
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
	});

	it('passes anything else through as it is', () => {
		expect(addressKey('unix-socket')).toBe('unix-socket');
	});
});
