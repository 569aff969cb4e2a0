/**
 * The provisioning-code formats, read and written. To add a writer: a module `adapters/<format>/write.ts` with a
 * function from `EmitGroup[]` to `EmitResult`, one entry in IAC_WRITERS below (which clouds it writes, and how its
 * document is read back for the proof), and the format's name in `convert --emit`. To add a reader: a function from
 * the parsed document to canonical groups, and one entry in IAC_READERS with its `--shape` name and detection.
 */
import type { ParsedInput } from '../../src/parse/text.js';
import type { SecurityGroup } from '../../src/model/group.js';
import type { ProviderId } from '../../src/model/rule.js';
import { Report } from '../../src/report/report.js';
import { CFN_SHAPE, detectCloudFormation } from '../cloudformation/detect.js';
import { readCloudFormation } from '../cloudformation/read.js';
import { writeCloudFormation } from '../cloudformation/write.js';
import { ROS_SHAPE, detectRos } from '../ros/detect.js';
import { readRos } from '../ros/read.js';
import { writeRos } from '../ros/write.js';
import { detectTerraform } from '../terraform/detect.js';
import { readTerraform } from '../terraform/read.js';
import type { TerraformShape } from '../terraform/resources.js';
import { writeTerraform } from '../terraform/write.js';
import type { EmitGroup, EmitResult } from './types.js';

export interface IacReader {
  readonly shape: string;
  /** The clouds whose groups this document holds (empty: not this format). */
  detect(input: ParsedInput): ProviderId[];
  read(value: unknown, provider: ProviderId, report: Report): SecurityGroup[];
}

const terraformReader = (shape: TerraformShape): IacReader => ({
  shape,
  detect: (input) => detectTerraform(input, shape),
  read: (value, provider, report) => readTerraform(value, shape, provider, report),
});

export const IAC_READERS: readonly IacReader[] = [
  terraformReader('terraform-state'),
  terraformReader('terraform-plan'),
  terraformReader('terraform-config'),
  {
    shape: CFN_SHAPE,
    detect: detectCloudFormation,
    read: (value, _provider, report) => readCloudFormation(value, report),
  },
  {
    shape: ROS_SHAPE,
    detect: detectRos,
    read: (value, _provider, report) => readRos(value, report),
  },
];

export interface IacWriter {
  readonly clouds: readonly ProviderId[];
  write(groups: readonly EmitGroup[], to: ProviderId): EmitResult;
  /** The written document read back as canonical groups, each with the ID its resource address or logical ID gives. */
  readBack(result: EmitResult, to: ProviderId): SecurityGroup[];
}

const terraformBack = (result: EmitResult, to: ProviderId) =>
  readTerraform(result.document, 'terraform-config', to, new Report());

// prettier-ignore
export const IAC_WRITERS = {
  'terraform':           { clouds: ['aws', 'aliyun'], write: (g, to) => writeTerraform(g, to, 'hcl'),  readBack: terraformBack },
  'terraform-json':      { clouds: ['aws', 'aliyun'], write: (g, to) => writeTerraform(g, to, 'json'), readBack: terraformBack },
  'cloudformation':      { clouds: ['aws'],           write: (g) => writeCloudFormation(g, 'yaml'),    readBack: (r) => readCloudFormation(r.document, new Report()) },
  'cloudformation-json': { clouds: ['aws'],           write: (g) => writeCloudFormation(g, 'json'),    readBack: (r) => readCloudFormation(r.document, new Report()) },
  'ros':                 { clouds: ['aliyun'],        write: (g) => writeRos(g, 'yaml'),               readBack: (r) => readRos(r.document, new Report()) },
  'ros-json':            { clouds: ['aliyun'],        write: (g) => writeRos(g, 'json'),               readBack: (r) => readRos(r.document, new Report()) },
} as const satisfies Record<string, IacWriter>;

export type IacFormat = keyof typeof IAC_WRITERS;
export const IAC_FORMATS = Object.keys(IAC_WRITERS) as IacFormat[];

export type { EmitGroup, EmitResult } from './types.js';
