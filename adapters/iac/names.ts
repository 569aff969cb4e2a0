/**
 * Resource names for provisioning code: stable (the same group gets the same name on every run), valid in
 * the format, and unique within one document. Derived from the group's name, else its ID.
 */

/** Terraform identifiers: a letter or `_` first, then letters, digits, `_` and `-`; written in snake case. */
export function terraformName(base: string): string {
  const snake = base
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (snake === '') return 'group';
  return /^[a-z_]/.test(snake) ? snake : `sg_${snake}`;
}

/** CloudFormation and ROS logical IDs: ASCII letters and digits only; written in Pascal case. */
export function logicalId(base: string): string {
  const words = base
    .normalize('NFKD')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (pascal === '') return 'Group';
  return /^[A-Za-z]/.test(pascal) ? pascal : `Sg${pascal}`;
}

/** Make names unique in order: the second `web` becomes `web_2` (`Web2` for logical IDs). */
export function uniqueNames(names: readonly string[], separator: '_' | ''): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}${separator}${n}`;
    used.add(candidate);
    return candidate;
  });
}
