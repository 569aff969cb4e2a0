/**
 * What CloudFormation and ROS templates share: a `Resources` map of logical IDs, `Parameters` for values the output
 * cannot know, `Fn::GetAtt` between resources of the same template, and YAML or JSON text.
 */
import { yaml } from '../../src/parse/text.js';
import { isPlaceholderId, type EmitGroup } from './types.js';
import { logicalId, uniqueNames } from './names.js';

export interface TemplateRefs {
  inOutput(id: string): boolean;
  /** A reference to group `id`: `{Fn::GetAtt: [LogicalId, attribute]}`, the ID itself, or a parameter. */
  value(id: string, from: EmitGroup): unknown;
  /** A parameter the template declares for a value the output cannot know. */
  parameter(name: string, description: string, g: EmitGroup, what: string): unknown;
}

export interface TemplateBuilder {
  readonly refs: TemplateRefs;
  readonly ids: readonly string[];
  readonly parameters: Map<string, Record<string, unknown>>;
  /** A group's own ID, by its logical ID. */
  self(logicalId: string): unknown;
}

/** Logical IDs for the groups and the reference rules between them. */
export function templateBuilder(
  groups: readonly EmitGroup[],
  nameOf: (g: EmitGroup) => string | undefined,
  idAttribute: string,
  format: string,
  parameterType: string,
): TemplateBuilder {
  const ids = uniqueNames(
    groups.map((g) => logicalId(nameOf(g) ?? g.targetId)),
    '',
  );
  const byId = new Map<string, string>();
  groups.forEach((g, i) => {
    if (!byId.has(g.targetId)) byId.set(g.targetId, ids[i]!);
  });
  const parameters = new Map<string, Record<string, unknown>>();
  const parameter = (name: string, description: string, g: EmitGroup, what: string): unknown => {
    if (!parameters.has(name)) parameters.set(name, { Type: parameterType, Description: description });
    g.report.add('iac_variable_added', g.pointer, { what, format, variable: name });
    return { Ref: name };
  };
  const refs: TemplateRefs = {
    inOutput: (id) => byId.has(id),
    value: (id, from) => {
      const logical = byId.get(id);
      if (logical !== undefined) return { 'Fn::GetAtt': [logical, idAttribute] };
      if (isPlaceholderId(id))
        return parameter(logicalId(`${id}-id`), `The ID of the group sgbridge named ${id}`, from, `Group ${id}`);
      return id;
    },
    parameter,
  };
  return { refs, ids, parameters, self: (logical) => ({ 'Fn::GetAtt': [logical, idAttribute] }) };
}

/** YAML (long-form intrinsics, valid for both services) or JSON text. */
export function templateText(template: Record<string, unknown>, syntax: 'yaml' | 'json'): string {
  if (syntax === 'json') return `${JSON.stringify(template, null, 2)}\n`;
  // The format version is quoted as the services' own examples quote it (a YAML 1.1 reader would see a date).
  return yaml()
    .stringify(template, { lineWidth: 0 })
    .replace(/^(AWS|ROS)TemplateFormatVersion: ([\d-]+)$/m, '$1TemplateFormatVersion: "$2"');
}
