import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The official schema, kept with the code that writes the files (ISO 20022, from the EPC's download). */
export const PAIN_001_001_09_XSD = fileURLToPath(new URL('./pain.001.001.09.xsd', import.meta.url));

/**
 * The file against the XSD with libxml2's validator (`xmllint`, Debian's libxml2-utils; the
 * project's scripts install it). For tests and the benchmark; the payout command proves amounts
 * itself and does not depend on a program being installed on the server.
 */
export function validateAgainstXsd(xml: string, xsd = PAIN_001_001_09_XSD): { valid: boolean; errors: string } {
	const result = spawnSync('xmllint', ['--noout', '--schema', xsd, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.error) throw result.error;
	return { valid: result.status === 0, errors: result.stderr.trim() };
}
