/**
 * Conversion in worker threads, for inputs with many groups: several inputs (one Aliyun response per group,
 * as DescribeSecurityGroupAttribute returns them), or one input with many groups (a DescribeSecurityGroups
 * output). The work goes out in batches through the shared pool (src/threads/pool.ts).
 * - Many inputs: the workers convert, one per thread asked for, and this thread only hands the results over.
 *   Measured on 2,000 Aliyun responses in 2 threads, that costs about 10 % less CPU and a quarter less wall
 *   time than this thread converting beside one worker: its heap, which holds the caller's data and the
 *   results it hands over, makes its conversions dearer in GC, and it answers a worker only between its own
 *   batches.
 * - One input read groupwise (an AWS DescribeSecurityGroups document: `prepareConversionGroupwise`): every
 *   thread parses the document and takes what each group's conversion needs of the others (their IDs, for
 *   placeholders, and the document's own findings), and each group's rules are read by the thread that
 *   converts it. So reading is split between the threads instead of done whole by each, and the workers
 *   start converting as soon as they have parsed. The workers convert, as for many inputs, and this thread
 *   hands over; when it started them early (`startReading`), it takes the group count from a worker instead
 *   of parsing the input too (`preparedByWorkers`: on two cores its parse and GC took CPU from the workers).
 *   Measured on the bench's AWS fleet (2,000 groups, 12 MB) in 2 threads against this thread reading the
 *   whole input and converting beside one worker that read it whole too: about a fifth less CPU (see
 *   docs/performance.md).
 * - One input read whole (other shapes; the CLI, which has read it already): this thread converts batches
 *   beside the workers, each of which reads the input whole.
 * Every result equals `convert`'s byte for byte: the same groups in the same order, with the same findings
 * and verdicts, because each thread converts with the same prepared context (placeholders of unmapped
 * sibling groups and the reader's findings are those of the whole input), and errors fail closed in input
 * order (the first group that fails in a single thread is the one whose error is thrown). Read groupwise, a
 * bad value is met only when its group is read, so after any failure this thread reads the input whole, and
 * the error of that read, if it fails, is thrown: the one a single thread throws before converting anything.
 *
 * Each worker reads the input itself rather than receiving the read groups: copying the canonical groups to a
 * thread costs about what reading them does, and the workers read at the same time. Results come back as JSON
 * text where the caller wants JSON (copying objects between threads costs more than writing them), and one
 * input's document can be handed over group by group as the groups are done (`convertInParallelToJsonPieces`),
 * so the caller writes while the threads convert.
 */
import { availableParallelism } from 'node:os';
import { EMPTY_MAPPING, type MappingFile } from '../idmap/index.js';
import {
  askFirst,
  batchRanges,
  compiledWorker,
  runBatches,
  startWorkers,
  stopWorkers,
  threadsFor,
  type StartedWorkers,
} from '../threads/pool.js';
import { parseInput, type ParsedInput } from '../parse/text.js';
import {
  prepareConversion,
  prepareConversionGroupwise,
  toMapping,
  type ConvertOptions,
  type PreparedConversion,
} from './convert.js';
import { withGroupedGroupFindings } from '../report/group-findings.js';
import { summariseGroup, type GroupSummary } from './fail-on.js';
import type { CanonicalPair, ConvertDetail, ConvertResult, ConvertedGroup } from './types.js';

/** Options of `convertInParallel`: those of `convert` (but `base`), and the threads to use. */
export interface ParallelConvertOptions extends Omit<ConvertOptions, 'base' | 'baseFile'> {
  /**
   * Threads that convert (worker threads; this one among them for one input read whole, see the head of
   * this file); 1 converts in this thread. Default: the machine's parallelism when the work is large enough
   * to pay for starting threads (at least 250 inputs, or one input of at least 1,000 groups), else 1.
   */
  readonly jobs?: number;
  /** Told how many threads convert (1: this thread only). */
  readonly onThreads?: (threads: number) => void;
}

/**
 * Below these, starting threads costs more than they save. A worker costs about half a second of CPU before
 * its first result (start, loading and compiling the code again in its own isolate) and, for one input,
 * parses it again (and reads it whole, for shapes not read groupwise); on two cores a generated AWS group
 * takes about 1.5 ms and an Aliyun response about 4 ms, so the saving passes that cost near these sizes.
 */
export const MIN_INPUTS_FOR_WORKERS = 250;
export const MIN_GROUPS_FOR_WORKERS = 1000;

/** What a worker needs to convert as this thread does (the options, with the mapping as its file). */
export interface ConvertWorkerInit {
  readonly options: Omit<ParallelConvertOptions, 'map' | 'jobs' | 'onThreads'>;
  readonly mappingFile?: MappingFile;
  /** The caller's mapping includes the input's `PrefixListEntries` (as the CLI's does): rebuild it so. */
  readonly pulledPrefixLists: boolean;
  /** `json`: each result as JSON text; `detail`: objects with the canonical groups; `result`: objects. */
  readonly output: ConvertOutput;
  /** The one input whose groups are split across threads (absent when whole inputs are sent). */
  readonly text?: string;
  /** Prepare `text` as this thread did: groupwise (prepareConversionGroupwise) when it can, else whole. */
  readonly groupwise?: boolean;
  /** How each group's JSON text is made (`output: 'json'`, groups of one input). */
  readonly jsonForm?: JsonForm;
}

/**
 * How a group's JSON text is made, beyond `groupJson` of the group (the CLI's `--group-findings` and
 * `--fail-on`, so that its groups come back from the threads as text rather than objects): `groupFindings`
 * groups its findings first (withGroupedGroupFindings, as the CLI does in one thread); `summaries` sends
 * what --fail-on reads of the group beside its text.
 */
export interface JsonForm {
  readonly groupFindings?: boolean;
  readonly summaries?: boolean;
}

/** A group's JSON text and its summary (`JsonForm.summaries`). */
export interface SummarisedJson {
  readonly json: string;
  readonly summary: GroupSummary;
}

export type ConvertOutput = 'json' | 'detail' | 'result';

/** A batch: groups [start, end) of the one input, or whole inputs. */
export type ConvertBatch =
  | { readonly kind: 'groups'; readonly start: number; readonly end: number }
  | { readonly kind: 'inputs'; readonly texts: readonly string[] }
  | { readonly kind: 'summary' };

/** What a worker answers a `summary` batch with: how it prepared the one input. */
export type PreparedSummary = Pick<PreparedConversion, 'from' | 'groupCount' | 'groupwise'>;

/** One converted group: its JSON text (as nested in the result document, with its summary if asked), or objects. */
export type GroupOut = string | SummarisedJson | GroupObject;
/** One converted group as objects (`output` other than `json`). */
export interface GroupObject {
  readonly group: ConvertedGroup;
  readonly canonical?: CanonicalPair;
}
/** One converted input: its JSON document, or its result (with canonical pairs for `detail`). */
export type InputOut = string | ConvertDetail;

/** How `JSON.stringify(value, null, 2)` writes a one-group list inside `{"groups": [...]}`: the text around it. */
const NESTED_HEAD = '{\n  "groups": [\n    ';
const NESTED_TAIL = '\n  ]\n}';

/** The JSON text of one group as `JSON.stringify(result, null, 2)` writes it inside `groups` (indented twice). */
export function groupJson(group: object): string {
  // Written where it sits in the result, then cut out: cheaper than indenting each line of a large text.
  const text = JSON.stringify({ groups: [group] }, null, 2);
  return text.slice(NESTED_HEAD.length, text.length - NESTED_TAIL.length);
}

/** Between two groups' `groupJson` in a result's JSON text. */
const GROUP_SEPARATOR = ',\n    ';

/**
 * The text of a result's JSON around its groups: `head`, then each group's `groupJson` (GROUP_SEPARATOR
 * between two), then `tail`. With no groups, `head` is the whole document.
 */
function resultFrame(from: string, to: string, empty: boolean): { head: string; tail: string } {
  const open = `{\n  "from": ${JSON.stringify(from)},\n  "to": ${JSON.stringify(to)},\n  "groups": `;
  return empty ? { head: `${open}[]\n}`, tail: '' } : { head: `${open}[\n    `, tail: '\n  ]\n}' };
}

/** `JSON.stringify(result, null, 2)` of a result of groups, from each group's `groupJson`. */
export function resultJson(from: string, to: string, groups: readonly string[]): string {
  const { head, tail } = resultFrame(from, to, groups.length === 0);
  return `${head}${groups.join(GROUP_SEPARATOR)}${tail}`;
}

/** A converted group's JSON text in the form asked for (see JsonForm). */
function jsonOf(group: ConvertedGroup, form: JsonForm): string | SummarisedJson {
  const json = groupJson(form.groupFindings === true ? withGroupedGroupFindings(group) : group);
  return form.summaries === true ? { json, summary: summariseGroup(group) } : json;
}

/** Convert groups [start, end) of a prepared input into the form asked for (`form`: of JSON output). */
export function convertRange(
  prepared: PreparedConversion,
  start: number,
  end: number,
  output: ConvertOutput,
  form: JsonForm = {},
): GroupOut[] {
  const out: GroupOut[] = [];
  for (let i = start; i < end; i++) {
    const done = prepared.convertGroupAt(i);
    out.push(output === 'json' ? jsonOf(done.group, form) : output === 'detail' ? done : { group: done.group });
  }
  return out;
}

/** Convert one whole input into the form asked for. */
export function convertWhole(text: string, options: ConvertOptions, output: ConvertOutput): InputOut {
  const prepared = prepareConversion(text, options);
  if (prepared.whole !== undefined)
    return output === 'json' ? JSON.stringify(prepared.whole.result, null, 2) : prepared.whole;
  const groups = convertRange(prepared, 0, prepared.groupCount, output);
  if (output === 'json') return resultJson(prepared.from, options.to, groups as string[]);
  const objects = groups as GroupObject[];
  return {
    result: { from: prepared.from, to: options.to, groups: objects.map((g) => g.group) },
    canonical: output === 'detail' ? objects.map((g) => g.canonical!) : [],
  };
}

/** Options as a worker rebuilds them (the mapping as its validated file). */
function workerInit(
  options: ParallelConvertOptions,
  output: ConvertOutput,
  pulled: boolean,
  text?: string,
  groupwise = false,
  jsonForm?: JsonForm,
): ConvertWorkerInit {
  const { map, jobs: _jobs, onThreads: _onThreads, ...rest } = options;
  const mapping = toMapping(map);
  return {
    options: rest,
    ...(mapping !== EMPTY_MAPPING && { mappingFile: mapping.file }),
    pulledPrefixLists: pulled,
    output,
    ...(text !== undefined && { text }),
    ...(groupwise && { groupwise }),
    ...(jsonForm !== undefined && { jsonForm }),
  };
}

/** The threads that would convert the groups of a prepared input (1 when small, or with no compiled worker). */
export function threadsForGroups(prepared: PreparedConversion, jobs: number | undefined): number {
  if (prepared.whole !== undefined || compiledWorker('./worker.js', import.meta.url) === undefined) return 1;
  return threadsFor(prepared.groupCount, MIN_GROUPS_FOR_WORKERS, jobs);
}

/** Inputs at least this long are read by the workers while this thread reads them (when threads are wanted). */
const EARLY_START_BYTES = 1 << 20;

/**
 * Workers that start reading one input now, while this thread reads it too, when the caller wants threads
 * (`jobs` above 1, or by default) and the input is large; `convertGroupsInParallel` then uses them, or lets them
 * go if the input has too few groups. Saves the workers' reading time from the wall time. `groupwise`: the
 * workers prepare it groupwise when its shape allows (as this thread will), and all the threads asked for
 * are workers (this thread converts nothing then). `jsonForm`: as given to `groupsInParallelToJsonPieces`.
 */
export function startReading(
  text: string,
  options: ParallelConvertOptions,
  output: ConvertOutput,
  pulledPrefixLists = false,
  groupwise = false,
  jsonForm?: JsonForm,
): StartedWorkers | undefined {
  const worker = compiledWorker('./worker.js', import.meta.url);
  const threads = options.jobs ?? availableParallelism();
  if (worker === undefined || threads < 2 || text.length < EARLY_START_BYTES) return undefined;
  const init = workerInit(options, output, pulledPrefixLists, text, groupwise, jsonForm);
  return startWorkers(worker, groupwise ? threads : threads - 1, init);
}

/**
 * One input whose groups are split across threads. `prepared` is this thread's reading of `text`
 * (`prepareForThreads`, or `prepareConversion`, whose errors are the single-thread errors); each worker
 * prepares `text` alike, or has been doing so since `startReading` (`started`, made with the same options and
 * output). Prepared groupwise, a failure is the error of reading `text` whole, if that fails.
 */
export async function convertGroupsInParallel(
  text: string,
  prepared: PreparedConversion,
  options: ParallelConvertOptions,
  output: ConvertOutput,
  pulledPrefixLists = false,
  started?: StartedWorkers,
): Promise<InputOut> {
  if (prepared.whole !== undefined) {
    options.onThreads?.(1);
    if (started !== undefined) stopWorkers(started);
    return output === 'json' ? JSON.stringify(prepared.whole.result, null, 2) : prepared.whole;
  }
  const out: GroupOut[] = new Array<GroupOut>(prepared.groupCount);
  await eachGroupInParallel(text, prepared, options, output, pulledPrefixLists, started, (g, i) => (out[i] = g));
  if (output === 'json') return resultJson(prepared.from, options.to, out as string[]);
  const objects = out as GroupObject[];
  return {
    result: { from: prepared.from, to: options.to, groups: objects.map((g) => g.group) },
    canonical: output === 'detail' ? objects.map((g) => g.canonical!) : [],
  };
}

/**
 * The groups of one prepared input (not converted whole), in threads when that pays (`threadsForGroups`),
 * each handed to `each` in group order as soon as it and every group before it are done (see
 * `convertGroupsInParallel` for `started`; `jsonForm`: of JSON output).
 */
async function eachGroupInParallel(
  text: string,
  prepared: PreparedConversion,
  options: ParallelConvertOptions,
  output: ConvertOutput,
  pulledPrefixLists: boolean,
  started: StartedWorkers | undefined,
  each: (group: GroupOut, index: number) => void,
  jsonForm?: JsonForm,
): Promise<void> {
  const count = prepared.groupCount;
  const threads = threadsForGroups(prepared, options.jobs);
  options.onThreads?.(threads);
  try {
    if (threads === 1) {
      if (started !== undefined) stopWorkers(started);
      for (let i = 0; i < count; i++) each(convertRange(prepared, i, i + 1, output, jsonForm)[0]!, i);
      return;
    }
    const ranges = batchRanges(count, threads);
    // Prepared groupwise, this thread has read no group it could convert cheaply: `threads` workers convert
    // and this thread hands the results over (see the head of this file); else it converts beside them.
    const groupwise = prepared.groupwise === true;
    const local = (b: ConvertBatch): GroupOut[] =>
      convertRange(prepared, (b as { start: number }).start, (b as { end: number }).end, output, jsonForm);
    await runBatches<ConvertBatch, GroupOut[]>({
      worker: compiledWorker('./worker.js', import.meta.url)!,
      data: workerInit(options, output, pulledPrefixLists, text, groupwise, jsonForm),
      ...(started !== undefined && { started }),
      workers: groupwise ? threads : threads - 1,
      batches: ranges.map(([start, end]) => ({ kind: 'groups', start, end })),
      ...(!groupwise && { local }),
      onResult: inOrder(ranges, each),
    });
  } catch (e) {
    // Fail as one thread does: the whole input's reading error first (prepareConversion throws it), if any.
    if (prepared.groupwise === true) prepareConversion(text, options);
    throw e;
  }
}

/**
 * `convertGroupsInParallel` (JSON) with the document handed to `piece` group by group, in order, as soon as
 * each is done (see jsonPieces); `prepared` is not converted whole. With `jsonForm`, each group's text is
 * made so (`started` must have been given the same), and with `jsonForm.summaries` each group's summary goes
 * to `onSummary` just before its piece.
 */
export async function groupsInParallelToJsonPieces(
  text: string,
  prepared: PreparedConversion,
  options: ParallelConvertOptions,
  pulledPrefixLists: boolean,
  started: StartedWorkers | undefined,
  piece: (text: string, index: number, last: boolean) => void,
  jsonForm?: JsonForm,
  onSummary?: (summary: GroupSummary, index: number) => void,
): Promise<void> {
  const pieces = jsonPieces(prepared.from, options.to, prepared.groupCount, piece);
  const each = (group: GroupOut, i: number): void => {
    if (typeof group === 'string') return pieces(group, i);
    const { json, summary } = group as SummarisedJson;
    onSummary?.(summary, i);
    pieces(json, i);
  };
  await eachGroupInParallel(text, prepared, options, 'json', pulledPrefixLists, started, each, jsonForm);
}

/**
 * What `piece` (of `convertInParallelToJsonPieces`) is handed for each group of one input of `count` groups:
 * its `groupJson` with what goes before it in the document (the head before the first, a separator before
 * the others) and, for the last, the tail, so the pieces joined are the document. No groups: the document
 * at once.
 */
function jsonPieces(
  from: string,
  to: string,
  count: number,
  piece: (text: string, index: number, last: boolean) => void,
): (group: string, index: number) => void {
  const { head, tail } = resultFrame(from, to, count === 0);
  if (count === 0) piece(head, 0, true);
  return (group, i) => {
    const before = i === 0 ? head : GROUP_SEPARATOR;
    piece(i === count - 1 ? `${before}${group}${tail}` : `${before}${group}`, 0, i === count - 1);
  };
}

/**
 * Batch results handed to `each` one item (input or group) at a time, in order (batch `i` holds items
 * `ranges[i]`): a batch done before an earlier one waits for it, so only the batches ahead of the slowest are
 * held. Once `each` has thrown it is not called again: every later batch fails with the same error.
 */
function inOrder<T>(
  ranges: readonly (readonly [number, number])[],
  each: (value: T, index: number) => void,
): (batch: number, results: readonly T[]) => void {
  const waiting = new Map<number, readonly T[]>();
  let next = 0;
  let thrown: { readonly error: unknown } | undefined;
  return (batch, results) => {
    if (thrown !== undefined) throw thrown.error;
    waiting.set(batch, results);
    try {
      for (let ready = waiting.get(next); ready !== undefined; ready = waiting.get(next)) {
        waiting.delete(next);
        const start = ranges[next]![0];
        next++;
        ready.forEach((r, k) => each(r, start + k));
      }
    } catch (e) {
      thrown = { error: e };
      throw e;
    }
  };
}

/**
 * One input prepared for `convertGroupsInParallel` or `groupsInParallelToJsonPieces`: groupwise
 * (prepareConversionGroupwise) when its shape is read so and it has groups enough for threads
 * (threadsForGroups with `jobs`), so that no thread reads it whole; else read whole (prepareConversion, whose
 * errors are thrown here). Start the workers with `startReading(…, groupwise: true)` to match.
 */
export function prepareForThreads(
  input: ParsedInput | string,
  options: ConvertOptions,
  jobs: number | undefined,
): PreparedConversion {
  // Parsed once for both preparations; text that does not parse is left to prepareConversion to report.
  let parsed = input;
  if (typeof input === 'string')
    try {
      parsed = parseInput(input, options.file);
    } catch {
      return prepareConversion(input, options);
    }
  const groupwise = prepareConversionGroupwise(parsed, options);
  if (groupwise !== undefined && threadsForGroups(groupwise, jobs) > 1) return groupwise;
  return prepareConversion(parsed, options);
}
/**
 * The input as the started workers prepared it, when groupwise with groups enough for threads: then the
 * workers convert every group, and this thread needs only the group count, which it takes from a worker
 * instead of parsing the input too (a parse and its garbage collection that would take CPU from the workers
 * and hold the parse tree here). Undefined otherwise, or when the workers failed to prepare it: this thread
 * prepares it then (prepareForThreads), with its errors. Should this thread be asked to convert a group, it
 * prepares the input groupwise then.
 */
async function preparedByWorkers(
  started: StartedWorkers,
  text: string,
  options: ConvertOptions,
  jobs: number | undefined,
): Promise<PreparedConversion | undefined> {
  let summary: PreparedSummary;
  try {
    summary = await askFirst<ConvertBatch, PreparedSummary>(started, { kind: 'summary' });
  } catch {
    return undefined;
  }
  let again: PreparedConversion | undefined;
  const prepared: PreparedConversion = {
    ...summary,
    convertGroupAt: (i) =>
      (again ??= prepareConversionGroupwise(text, options) ?? prepareConversion(text, options)).convertGroupAt(i),
  };
  return summary.groupwise === true && threadsForGroups(prepared, jobs) > 1 ? prepared : undefined;
}

/** One input, its groups the work (see convertInputs and the head of this file). */
async function convertOneInput(
  text: string,
  options: ParallelConvertOptions,
  convertOptions: ConvertOptions,
  output: 'json' | 'result',
  each: (out: InputOut, index: number) => void,
  piece?: (text: string, index: number, last: boolean) => void,
): Promise<void> {
  const started = startReading(text, options, output, false, true);
  let prepared =
    started === undefined ? undefined : await preparedByWorkers(started, text, convertOptions, options.jobs);
  try {
    prepared ??= prepareForThreads(text, convertOptions, options.jobs);
  } catch (e) {
    if (started !== undefined) stopWorkers(started);
    throw e;
  }
  if (piece !== undefined && prepared.whole === undefined)
    await groupsInParallelToJsonPieces(text, prepared, options, false, started, piece);
  else each(await convertGroupsInParallel(text, prepared, options, output, false, started), 0);
}

/**
 * Convert `inputs`, each result handed to `each` in input order as soon as it and all before it are done; with
 * `piece` (JSON only), one input's groups go to `piece` one by one instead (see jsonPieces).
 */
async function convertInputs(
  inputs: readonly string[],
  options: ParallelConvertOptions,
  output: 'json' | 'result',
  each: (out: InputOut, index: number) => void,
  piece?: (text: string, index: number, last: boolean) => void,
): Promise<void> {
  const convertOptions = { ...workerInit(options, output, false).options, map: toMapping(options.map) };
  const whole = (text: string): InputOut => convertWhole(text, convertOptions, output);
  if (inputs.length === 1) {
    await convertOneInput(inputs[0]!, options, convertOptions, output, each, piece);
    return;
  }
  const worker = compiledWorker('./worker.js', import.meta.url);
  const threads = worker === undefined ? 1 : threadsFor(inputs.length, MIN_INPUTS_FOR_WORKERS, options.jobs);
  options.onThreads?.(threads);
  if (threads === 1) {
    inputs.forEach((text, i) => each(whole(text), i));
    return;
  }
  // `threads` workers, and this thread hands the results over (see the head of this file).
  const ranges = batchRanges(inputs.length, threads);
  await runBatches<ConvertBatch, InputOut[]>({
    worker: worker!,
    data: workerInit(options, output, false),
    workers: threads,
    batches: ranges.map(([start, end]) => ({ kind: 'inputs', texts: inputs.slice(start, end) })),
    onResult: inOrder(ranges, each),
  });
}

/**
 * Convert several inputs, or one input with many groups, in worker threads: the results equal `convert`'s of
 * each input, in input order. An error fails the whole call, as the first failing input (and group) would in
 * one thread. From TypeScript sources (no compiled worker) it converts in this thread.
 *
 * @example
 * const results = await convertInParallel(responses, { to: 'aws', map: mappingFile, jobs: 4 });
 */
export async function convertInParallel(
  inputs: readonly string[],
  options: ParallelConvertOptions,
): Promise<ConvertResult[]> {
  const out: ConvertResult[] = [];
  await convertInputs(inputs, options, 'result', (r) => out.push((r as ConvertDetail).result));
  return out;
}

/**
 * `convertInParallel`, each result as its JSON document, exactly `JSON.stringify(convert(input, options), null,
 * 2)`: the form that costs least to bring back from the threads when the results are to be written.
 */
export async function convertInParallelToJson(
  inputs: readonly string[],
  options: ParallelConvertOptions,
): Promise<string[]> {
  const out: string[] = [];
  await convertInputs(inputs, options, 'json', (json) => out.push(json as string));
  return out;
}

/**
 * `convertInParallelToJson` with each document handed to `each` (with its input's index) in input order as
 * soon as it and every document before it are done, instead of all at once at the end: a caller that writes
 * the documents out writes while the threads convert, and the documents are never all held in memory. When
 * an input fails, `each` has been called for none or some of the inputs before it (never for it or any
 * after it) and the call rejects with its error; an error thrown by `each` stops the conversion and rejects
 * the call too.
 *
 * @example
 * await convertEachInParallelToJson(responses, { to: 'aws', map }, (json) => writeSync(fd, `${json}\n`));
 */
export async function convertEachInParallelToJson(
  inputs: readonly string[],
  options: ParallelConvertOptions,
  each: (json: string, index: number) => void,
): Promise<void> {
  await convertInputs(inputs, options, 'json', each as (out: InputOut, index: number) => void);
}

/**
 * `convertEachInParallelToJson` in pieces of text, handed to `piece` in order as soon as each is done, with the
 * index of its input and whether it ends that input's document; an input's pieces joined are its document,
 * exactly `JSON.stringify(convert(input, options), null, 2)`. Several inputs: one piece each (its document).
 * One input of many groups: a piece per group, so a caller that writes the pieces writes while the threads
 * convert, and the document is never joined or held whole. When an input fails, the call rejects with its
 * error after handing over some of the pieces before it: for one input, the pieces of groups before the
 * failing one (an incomplete document, to be discarded as a whole).
 *
 * @example
 * await convertInParallelToJsonPieces([text], { to: 'aliyun', map }, (piece, _, last) => writeSync(fd, last ? `${piece}\n` : piece));
 */
export async function convertInParallelToJsonPieces(
  inputs: readonly string[],
  options: ParallelConvertOptions,
  piece: (text: string, index: number, last: boolean) => void,
): Promise<void> {
  await convertInputs(inputs, options, 'json', (json, i) => piece(json as string, i, true), piece);
}
