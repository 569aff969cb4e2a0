/** The two address families and the numeric range of each (addresses are integers: see read.ts). */

export type Family = 4 | 6;

export const FAMILY_BITS: Readonly<Record<Family, number>> = { 4: 32, 6: 128 };

/** The last address of each family, as the engine's bigint. */
export const FAMILY_MAX: Readonly<Record<Family, bigint>> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

/** The family of a canonical CIDR (canonicalCidr's output): only IPv6 text holds ':'. */
export function cidrFamily(cidr: string): Family {
  return cidr.includes(':') ? 6 : 4;
}
