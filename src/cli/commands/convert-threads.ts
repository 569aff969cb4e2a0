/**
 * `convert` of one input, in worker threads when it has many groups (src/convert/parallel.ts): the same
 * output as in one thread. JSON output comes back as text, group by group (cheaper than objects across
 * threads, and in one thread each group's objects are dropped once serialised), with its findings grouped
 * for --group-findings and with what --fail-on reads of it beside it; --to model, text and Markdown need the
 * groups as objects, and the last two the canonical groups too. Provisioning code, --base and live inputs
 * (no text for a worker to read) convert in this thread, as does an input with few groups.
 */
import { convertDetailed, type ConvertOptions, type PreparedConversion } from '../../convert/convert.js';
import {
  convertGroupsInParallel,
  groupsInParallelToJsonPieces,
  prepareForThreads,
  startReading,
  type JsonForm,
  type ParallelConvertOptions,
} from '../../convert/parallel.js';
import type { GroupSummary } from '../../convert/fail-on.js';
import { stopWorkers, type StartedWorkers } from '../../threads/pool.js';
import type { ConvertDetail } from '../../convert/types.js';

export interface ConvertedInput {
  /** The result with its canonical groups, when the groups were asked for as objects. */
  readonly detail?: ConvertDetail;
  /**
   * `JSON.stringify(result, null, 2)` and a newline, when only the JSON document was asked for: in pieces to
   * write one after the other (a large document is never joined).
   */
  readonly json?: readonly string[];
  /** With `json` and `jsonForm.summaries`: what --fail-on reads of each group, in group order. */
  readonly summaries?: readonly GroupSummary[];
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
  /**
   * Where the JSON document's pieces go as soon as they are made (`want: 'json'`), so it is never held whole;
   * without it they are collected in `json`. Pieces given here are not in `json`.
   */
  readonly onJsonPiece?: (text: string) => void;
  /**
   * How each group's JSON is made (`want: 'json'`). An input converted whole (not group by group) is then
   * returned as `detail`, for the caller to write as it does in one thread.
   */
  readonly jsonForm?: JsonForm;
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
      ? startReading(choice.text, parallelOptions, choice.want, choice.pulledPrefixLists, true, choice.jsonForm)
      : undefined;
  let prepared;
  try {
    prepared = prepareForThreads(parsed, options, choice.jobs);
  } catch (e) {
    if (started !== undefined) stopWorkers(started);
    throw e;
  }
  if (choice.want === 'json' && prepared.whole === undefined)
    return jsonInPieces(choice, choice.text, prepared, parallelOptions, started);
  if (choice.want === 'json' && choice.jsonForm !== undefined && prepared.whole !== undefined) {
    if (started !== undefined) stopWorkers(started);
    return { detail: prepared.whole };
  }
  // In this thread when threads do not pay; a `result` keeps no canonical groups (only `detail` needs them).
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

/**
 * The JSON document of a prepared input, group by group (in threads when that pays, else in this thread): each
 * group's result is serialised as soon as it is converted and then dropped, so a large input's results are
 * never all held as objects (they would be traced by every garbage collection until the end). The pieces go
 * to `onJsonPiece` when given, else they are returned (to be written once the whole document is done), with
 * the groups' summaries when `choice.jsonForm` asks for them.
 */
async function jsonInPieces(
  choice: ThreadChoice,
  text: string,
  prepared: PreparedConversion,
  options: ParallelConvertOptions,
  started: StartedWorkers | undefined,
): Promise<ConvertedInput> {
  const pieces: string[] = [];
  const piece = choice.onJsonPiece ?? ((p: string) => void pieces.push(p));
  const summaries: GroupSummary[] = [];
  const onSummary = (s: GroupSummary): void => void summaries.push(s);
  await groupsInParallelToJsonPieces(
    text,
    prepared,
    options,
    choice.pulledPrefixLists,
    started,
    piece,
    choice.jsonForm,
    onSummary,
  );
  piece('\n');
  return { json: pieces, ...(choice.jsonForm?.summaries === true && { summaries }) };
}
