/**
 * Fitting text to a terminal: lines wrapped at spaces (or before a `/` of a JSON pointer, or hard when a word
 * is longer than the width), continuation lines indented under their first line, and table columns shrunk
 * so a row fits.
 */

/** The narrowest a wrapped column or line gets: narrower would break every word. */
export const MIN_WRAP_WIDTH = 16;

/**
 * `text` as lines of at most `width` characters (never less than MIN_WRAP_WIDTH). A continuation line keeps
 * the first line's leading spaces plus `hang` more.
 */
export function wrapLine(text: string, width: number, hang = 2): string[] {
  const w = Math.max(width, MIN_WRAP_WIDTH);
  if (text.length <= w) return [text];
  const lead = ' '.repeat(/^ */.exec(text)![0].length + hang);
  const out: string[] = [];
  let rest = text;
  let floor = /^ */.exec(text)![0].length; // a break must leave something on the line
  while (rest.length > w) {
    let cut = rest.lastIndexOf(' ', w);
    if (cut <= floor) cut = rest.lastIndexOf('/', w - 1);
    if (cut <= floor) cut = w;
    out.push(rest.slice(0, cut).trimEnd());
    rest = lead + rest.slice(cut).trimStart();
    floor = lead.length;
    if (lead.length >= w - 4) break; // nothing sensible fits: the rest goes on one line
  }
  out.push(rest);
  return out;
}

/**
 * Column widths that fit `total` characters with `gap` characters between columns and `margin` before the
 * first. `natural` are the widths the columns want; only the columns in `shrink` give way, the widest first
 * (one character at a time, so wide columns end up even), down to MIN_WRAP_WIDTH: the table may then still be
 * wider than `total`.
 */
export function fitColumns(
  natural: readonly number[],
  shrink: readonly number[],
  total: number,
  gap: number,
  margin: number,
): number[] {
  const widths = [...natural];
  for (
    let excess = margin + widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1) - total;
    excess > 0;
    excess--
  ) {
    let widest = -1;
    for (const c of shrink) if (widths[c]! > MIN_WRAP_WIDTH && (widest < 0 || widths[c]! > widths[widest]!)) widest = c;
    if (widest < 0) break;
    widths[widest]!--;
  }
  return widths;
}
