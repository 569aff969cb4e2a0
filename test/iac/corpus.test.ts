/**
 * The corpus (real public payloads, ../shared/corpus) through every provisioning-code writer: each file converted
 * to each cloud, written in each format the target takes, read back by sgbridge's readers (HCL through HCL's own
 * parser) and compared with the source by the engine. The verdict read back is the one reported, and Terraform's
 * is always the conversion's own. Skips cleanly when the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { IAC_WRITERS, type IacFormat } from '../../adapters/iac/index.js';
import { convertDetailed } from '../../src/convert/convert.js';
import { emitIac, writtenGroups } from '../../src/convert/emit-iac.js';
import { sameUnlessReported } from './helpers.js';
import { verdict } from '../../src/semantics/index.js';
import { verdictOfTraffic } from '../../src/convert/not-traffic.js';
import { TranslateError } from '../../src/errors.js';
import { CORPUS, corpusPresent } from '../convert/helpers.js';

const FILES = corpusPresent
  ? ['aws', 'aliyun'].flatMap((dir) => {
      const at = path.join(CORPUS, dir);
      return existsSync(at)
        ? readdirSync(at)
            .filter((f) => f.endsWith('.json'))
            .map((f) => path.join(dir, f))
        : [];
    })
  : [];

async function documentOf(format: IacFormat, text: string): Promise<unknown> {
  if (format === 'terraform') return parseHcl('main.tf', text);
  if (format === 'cloudformation' || format === 'ros')
    return (await import('yaml')).parse(text, {
      customTags: (await import('../../src/parse/yaml-tags.js')).INTRINSIC_TAGS,
    });
  return JSON.parse(text);
}

describe.skipIf(!corpusPresent)('corpus through provisioning code', () => {
  it.each(FILES)(
    '%s: every writer reads back to the verdict reported',
    async (file) => {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      for (const to of ['aws', 'aliyun'] as const) {
        let detail;
        try {
          detail = convertDetailed(text, { to, file });
        } catch (e) {
          // Inputs the pipeline itself rejects (reported by the corpus suites of the adapters) have nothing to write.
          if (e instanceof TranslateError && e.exitCode === 2) continue;
          throw e;
        }
        for (const format of Object.keys(IAC_WRITERS) as IacFormat[]) {
          const writer = IAC_WRITERS[format];
          if (!(writer.clouds as readonly string[]).includes(to)) continue;
          const out = emitIac(detail, format);
          const document = await documentOf(format, out.text);
          const back = writtenGroups(
            writer.readBack({ text: out.text, document, addresses: out.addresses }, to),
            out.addresses,
            detail.canonical.map((c) => c.target.id!),
          );
          out.result.groups.forEach((g, i) => {
            // The engine's verdict on what was written; the reported one may leave out packets that are not traffic.
            const engine = verdict(detail.canonical[i]!.source, back[i]!);
            expect(
              [engine, verdictOfTraffic(engine, detail.canonical[i]!.source, back[i]!)],
              `${file} → ${to} ${format}: group ${i}`,
            ).toContain(g.verdict);
            sameUnlessReported(g, detail.result.groups[i]!, format);
          });
        }
      }
    },
    60_000,
  );
});
