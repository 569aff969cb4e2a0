/**
 * Part 4, run as a child process so nothing else of the benchmark counts: read one fleet file, convert it as
 * the CLI does, write the output, and print the process's peak resident set size (maxRSS) as JSON.
 * Usage: node bench/fleet-rss.mjs <input.json> <aws|aliyun> <output.json>
 */
import { readFileSync } from 'node:fs';
import { loadLibrary } from './lib.mjs';
import { convertText } from './parts/fleet.mjs';

const [input, to, output] = process.argv.slice(2);
const lib = await loadLibrary();
const before = process.resourceUsage().maxRSS;
const result = convertText(lib, readFileSync(input, 'utf8'), to, output);
const peakKiB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ to, groups: result.groups.length, baselineKiB: before, peakKiB })}\n`);
