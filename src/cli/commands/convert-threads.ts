/**
 * `convert` of one input, in worker threads when it has many groups (src/convert/parallel.ts): the same
 * output as in one thread. JSON output comes back as text (cheaper than objects across threads) when nothing
 * else needs the groups as objects (--fail-on, --group-findings, --to model); text and Markdown need the
 * canonical groups too. Provisioning code, --base and live inputs (no text for a worker to read) convert in
 * this thread, as does an input with few groups.
 */
import { convertDetailed, type ConvertOptions } from '../../convert/convert.js';
import {
  convertGroupsInParallel,
  convertRange,
  groupsInParallelToJsonPieces,
  prepareForThreads,
  startReading,
  threadsForGroups,
} from '../../convert/parallel.js';
import { stopWorkers } from '../../threads/pool.js';
import type { ConvertDetail } from '../../convert/types.js';

export interface ConvertedInput {
  /** The result with its canonical groups, when the groups were asked for as objects. */
  readonly detail?: ConvertDetail;
  /**
   * `JSON.stringify(result, null, 2)` and a newline, when only the JSON document was asked for: in pieces to
   * write one after the other (a large document is never joined).
   */
  readonly json?: readonly string[];
}

export interface ThreadChoice {
  /** --jobs: threads that convert, this one included (default: the machine's parallelism for large inputs). */
  readonly jobs?: number;
  /** The input's text, for the workers to read (absent for live locations: this thread converts). */
  readonly text?: string;
  /** What the output needs: the JSON document only, the groups, or the groups and their canonical pairs. */
  readonly want: 'json' | 'result' | 'detail';
  /** The mapping includes the input's `PrefixListEntries` (withPulledPrefixLists). */
  readonly pulledPrefixLists: boolean;
  /** The input is converted in this thread whatever its size (provisioning code, --base). */
  readonly inThread: boolean;
}

export async function convertInput(
  parsed: Parameters<typeof convertDetailed>[0],
  options: ConvertOptions,
  choice: ThreadChoice,
): Promise<ConvertedInput> {
  if (choice.inThread || choice.text === undefined || options.base !== undefined)
    return { detail: convertDetailed(parsed, options) };
  const parallelOptions = { ...options, ...(choice.jobs !== undefined && { jobs: choice.jobs }) };
  // Asked for threads (--jobs 2 or more): the workers start on a large input while this thread prepares it.
  const started =
    choice.jobs !== undefined && choice.jobs > 1
      ? startReading(choice.text, parallelOptions, choice.want, choice.pulledPrefixLists, true)
      : undefined;
  let prepared;
  try {
    prepared = prepareForThreads(parsed, options, choice.jobs);
  } catch (e) {
    if (started !== undefined) stopWorkers(started);
    throw e;
  }
  if (threadsForGroups(prepared, choice.jobs) === 1) {
    if (started !== undefined) stopWorkers(started);
    if (prepared.whole !== undefined) return { detail: prepared.whole };
    // As convertDetailed does, from the input already read.
    const done = convertRange(prepared, 0, prepared.groupCount, 'detail') as Required<
      Exclude<ReturnType<typeof convertRange>[number], string>
    >[];
    return {
      detail: {
        result: { from: prepared.from, to: options.to, groups: done.map((d) => d.group) },
        canonical: done.map((d) => d.canonical),
      },
    };
  }
  if (choice.want === 'json' && prepared.whole === undefined) {
    const pieces: string[] = [];
    await groupsInParallelToJsonPieces(choice.text, prepared, parallelOptions, choice.pulledPrefixLists, started, (p) =>
      pieces.push(p),
    );
    pieces.push('\n');
    return { json: pieces };
  }
  const out = await convertGroupsInParallel(
    choice.text,
    prepared,
    parallelOptions,
    choice.want,
    choice.pulledPrefixLists,
    started,
  );
  return typeof out === 'string' ? { json: [out, '\n'] } : { detail: out };
}
