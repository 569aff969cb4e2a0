/**
 * The short-form intrinsic tags of CloudFormation and ROS YAML templates (`!Ref x`, `!GetAtt a.b`, `!Sub "…"`,
 * `!Join [",", […]]`, …), read as their long form (`{Ref: x}`, `{"Fn::GetAtt": ["a", "b"]}`, …), so a template
 * reader sees one form. Without them the YAML parser would warn and drop the function name.
 */
import type { CollectionTag, ScalarTag } from 'yaml';

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
];

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function scalarTag(name: string): ScalarTag {
  return {
    tag: `!${name}`,
    resolve: (text: string) => {
      // `!GetAtt Resource.Attribute` is the one scalar form whose long form is a list.
      if (name === 'GetAtt') {
        const dot = text.indexOf('.');
        return { 'Fn::GetAtt': dot > 0 ? [text.slice(0, dot), text.slice(dot + 1)] : [text] };
      }
      return { [longName(name)]: text };
    },
  };
}

function collectionTag(name: string, collection: 'seq' | 'map'): CollectionTag {
  return {
    tag: `!${name}`,
    collection,
    // The parsed sequence or map node; its plain value is what the long form holds.
    resolve: (node: { toJSON(): unknown }) => ({ [longName(name)]: node.toJSON() }),
  };
}

export const INTRINSIC_TAGS: (ScalarTag | CollectionTag)[] = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  scalarTag(name),
  collectionTag(name, 'seq'),
  collectionTag(name, 'map'),
]);
