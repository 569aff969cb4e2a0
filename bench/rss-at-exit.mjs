/**
 * Preloaded into a benchmark child (`node --import bench/rss-at-exit.mjs …`): at exit, writes the process's
 * peak resident set size (KiB) and CPU time (user + system, µs) as JSON to the file named by
 * SGBRIDGE_BENCH_RSS_FILE. CPU time is what a loaded, shared machine does not inflate the way it does wall time.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.SGBRIDGE_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime }));
  });
}
