/**
 * A worker thread of a parallel conversion (parallel.ts): converts the batches it is sent, each as `convert`
 * does in one thread. With one input split by groups, the worker prepares that input once (so every group's
 * context is the one a single thread computes: `groupwise`, what every group needs and each group's rules
 * read when it is converted; else the whole input read) and then converts the group ranges it is sent;
 * otherwise each batch holds whole inputs.
 */
import { EMPTY_MAPPING, createMapping } from '../idmap/index.js';
import { withPulledPrefixLists } from '../idmap/pulled.js';
import { parseInput } from '../parse/text.js';
import { serveBatches } from '../threads/serve.js';
import { prepareConversion, prepareConversionGroupwise, type PreparedConversion } from './convert.js';
import { convertRange, convertWhole, type ConvertBatch, type ConvertWorkerInit } from './parallel.js';

serveBatches((init: ConvertWorkerInit) => {
  const mapping = init.mappingFile === undefined ? EMPTY_MAPPING : createMapping(init.mappingFile, '<mapping>');
  // The one input is read at once, while the batches are still being made (or this thread reads it too).
  let prepared: PreparedConversion | undefined;
  if (init.text !== undefined) {
    const parsed = parseInput(init.text, init.options.file);
    const map = init.pulledPrefixLists ? withPulledPrefixLists(mapping, parsed) : mapping;
    const options = { ...init.options, map };
    prepared =
      (init.groupwise === true ? prepareConversionGroupwise(parsed, options) : undefined) ??
      prepareConversion(parsed, options);
  }
  return (batch: ConvertBatch) => {
    switch (batch.kind) {
      case 'groups':
        return convertRange(prepared!, batch.start, batch.end, init.output, init.jsonForm);
      case 'inputs':
        return batch.texts.map((text) => convertWhole(text, { ...init.options, map: mapping }, init.output));
      case 'summary':
        return { from: prepared!.from, groupCount: prepared!.groupCount, groupwise: prepared!.groupwise === true };
    }
  };
});
