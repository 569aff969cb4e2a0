/**
 * The catalogue of finding codes: the only place codes are defined. Public API: once released, a code is
 * never renamed or reused. Each has a section in docs/findings.md (a meta-test checks it).
 *
 * effect: what the finding does to the meaning of the translated group.
 *   exact    - meaning unchanged (a fact worth knowing: a default made explicit, a deny compiled away)
 *   narrower - the target allows less than the source
 *   wider    - the target allows more than the source (only ever with --allow-widening)
 *   lossy    - no traffic changes, but information was lost (description, NIC type, tags)
 * message / hint: wording; `{name}` placeholders are filled from the finding's detail.
 */
export type Effect = 'exact' | 'narrower' | 'wider' | 'lossy';
export type Severity = 'error' | 'warning' | 'info';

export interface FindingSpec {
  readonly effect: Effect;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
}

// prettier-ignore
export const FINDING_CODES = {
  // --- reading: what the source payload says, and how it was understood -------------------------------------
  priority_out_of_range:      { effect: 'exact',    severity: 'warning', message: 'Priority {priority} is outside 1..100 (old groups were created with 110); kept for ordering', hint: 'Re-create the rule with a priority in 1..100 before writing it back to Aliyun.' },
  policy_value_legacy:        { effect: 'exact',    severity: 'warning', message: 'Policy "{value}" is not accepted by the API today; read as {readAs}', hint: 'Use accept or drop.' },
  peer_field_ignored:         { effect: 'exact',    severity: 'info',    message: 'Field {field} is ignored by {provider} because {winner} is set (precedence CIDR > group > prefix list)', hint: 'Remove the ignored field; it has no effect.' },
  cidr_normalized:            { effect: 'exact',    severity: 'info',    message: 'CIDR {value} was normalised to {cidr}, as the cloud stores it', hint: 'Write the network address to avoid surprises in diffs.' },
  ports_ignored_for_protocol: { effect: 'exact',    severity: 'info',    message: 'Port range {ports} has no effect for protocol {protocol}; the rule matches every port', hint: 'Use -1/-1 (Aliyun) or omit FromPort/ToPort (AWS) for this protocol.' },
  group_type_assumed:         { effect: 'exact',    severity: 'warning', message: 'The payload does not say whether the Aliyun group is basic or enterprise; read as {assumed}', hint: 'Add "SecurityGroupType" (normal|enterprise) from DescribeSecurityGroups; enterprise groups deny egress by default.' },
  field_not_translated:       { effect: 'lossy',    severity: 'info',    message: 'Field {field} has no counterpart on {to} and is not carried over', hint: 'Keep the source payload if you need this value.' },
  value_unreadable:           { effect: 'exact',    severity: 'warning', message: 'Value {value} of {field} cannot be read; the rule or field holding it is left out', hint: 'Check the source payload; masked sample values ("***") are not addresses. A rule left out is reported as invalid_rule_skipped or invalid_deny_skipped.' },
  rule_never_matches:         { effect: 'exact',    severity: 'warning', message: 'This rule can never match ({reason})', hint: 'Remove the rule or fix its protocol/address family.' },
  rule_shadowed:              { effect: 'exact',    severity: 'info',    message: 'This rule never decides a packet: rules before it already decide everything it matches', hint: 'Remove it, or raise its priority if it was meant to win.' },
  duplicate_rule:             { effect: 'exact',    severity: 'info',    message: 'This rule repeats another rule of the group', hint: 'Remove the duplicate.' },

  // --- conversion: what changed in meaning ----------------------------------------------------------------------
  deny_flattened:             { effect: 'exact',    severity: 'info',    message: 'Deny rules and priorities were compiled into {rules} allow-only rules with the same meaning', hint: 'Nothing to do; the verdict is proven by the engine.' },
  priority_dropped:           { effect: 'exact',    severity: 'info',    message: 'AWS rules have no priority; the order of the source rules is kept by exact set subtraction', hint: 'Nothing to do.' },
  deny_not_representable:     { effect: 'narrower', severity: 'warning', message: 'A deny whose peer is {peer} cannot be subtracted from address ranges on {to}; the traffic it overlaps is not allowed at all', hint: 'Map the referenced group under groups, or the prefix list under prefixLists or prefixListEntries, in the mapping file (--map). A deny with source ports or an instance-side address has no exact form on the target: rewrite it at the source.' },
  peer_kind_overlap:          { effect: 'narrower', severity: 'warning', message: 'A {denyKind} deny overlaps a {allowKind} allow; members of a group may have any address, so the overlap is not allowed', hint: 'Express both rules with the same kind of peer for an exact translation.' },
  source_ports_unsupported:   { effect: 'narrower', severity: 'warning', message: '{to} cannot match source ports ({ports}); the rule is left out', hint: 'Pass --allow-widening to keep the rule without its source-port condition (reported as wider).' },
  local_address_unsupported:  { effect: 'narrower', severity: 'warning', message: '{to} cannot restrict the instance-side address ({local}); the rule is left out', hint: 'Pass --allow-widening to keep the rule for every instance address (reported as wider).' },
  icmp_type_unsupported:      { effect: 'narrower', severity: 'warning', message: 'Aliyun matches all ICMP types and codes; the {protocol} rule for type {type} code {code} is left out', hint: 'Pass --allow-widening to allow every ICMP type instead (reported as wider).' },
  protocol_unsupported:       { effect: 'narrower', severity: 'warning', message: 'Protocol {protocol} cannot be written for {to}{where}; the rule is left out', hint: 'Use a region that supports IANA protocol numbers, or allow ALL with --allow-widening.' },
  port_zero_unrepresentable:  { effect: 'narrower', severity: 'info',    message: 'Aliyun port ranges start at 1; port 0 of {ports} is not allowed on the target', hint: 'Nothing to do unless you rely on port 0.' },
  port_list_unresolved:       { effect: 'narrower', severity: 'warning', message: 'Port list {portListId} has no entries in the mapping; the rule is left out', hint: 'Add its ranges under portLists in the mapping file.' },
  unmapped_group_reference:   { effect: 'narrower', severity: 'warning', message: 'Group {groupId} has no counterpart in the mapping; the rule is left out', hint: 'Add "{groupId}" under groups in the mapping file (--map).' },
  unmapped_account:           { effect: 'narrower', severity: 'warning', message: 'Account {account} has no counterpart in the mapping; the cross-account rule is left out', hint: 'Add "{account}" under accounts in the mapping file (--map).' },
  unmapped_prefix_list:       { effect: 'narrower', severity: 'warning', message: 'Prefix list {prefixListId} has no counterpart or entries in the mapping; the rule is left out', hint: 'Map the list to a target list ID under prefixLists, or give its CIDRs under prefixListEntries, in the mapping file (--map).' },
  prefix_list_expanded:       { effect: 'exact',    severity: 'info',    message: 'Prefix list {prefixListId} was expanded to its {count} CIDRs from the mapping', hint: 'Keep prefixListEntries in the mapping file in step with the list.' },
  reference_mapped:           { effect: 'exact',    severity: 'info',    message: '{kind} {from} was mapped to {to}', hint: 'Nothing to do.' },
  self_reference_inner_access:{ effect: 'exact',    severity: 'info',    message: 'The self-reference allowing all traffic between members became InnerAccessPolicy={policy}', hint: 'Nothing to do.' },
  self_reference_unrepresentable:{ effect: 'narrower', severity: 'warning', message: 'Aliyun rejects rules that reference their own group; the self-reference for {what} is left out', hint: 'Only an all-traffic self-reference maps to InnerAccessPolicy=Accept; pass --allow-widening to use it anyway.' },
  inner_access_made_explicit: { effect: 'exact',    severity: 'info',    message: 'InnerAccessPolicy=Accept lets members reach each other; written as a self-referencing all-traffic rule', hint: 'Nothing to do.' },
  implicit_default_added:     { effect: 'exact',    severity: 'info',    message: 'The {provider} default for {direction} ({meaning}) was written as an explicit rule on {to}', hint: 'Nothing to do.' },
  group_reference_enterprise: { effect: 'narrower', severity: 'warning', message: 'Enterprise (advanced) Aliyun groups cannot reference security groups; the rule is left out', hint: 'Use a basic group, or replace the reference with its members\' CIDRs in the source.' },
  nic_type_dropped:           { effect: 'lossy',    severity: 'info',    message: 'NicType {nicType} has no counterpart on {to}', hint: 'Only classic-network groups use internet; VPC rules cover both.' },
  nic_type_internet:          { effect: 'narrower', severity: 'warning', message: 'A classic-network rule for NicType internet matches only the public NIC; {to} has no NIC types, so {what}', hint: 'Classic network is retired: check the rule. --allow-widening keeps an accept for all traffic (reported as wider).' },
  description_charset:        { effect: 'lossy',    severity: 'info',    message: 'Description has characters {to} rejects; {count} were replaced', hint: 'AWS allows a-z A-Z 0-9 spaces and ._-:/()#,@[]+=;{}!$*' },
  description_truncated:      { effect: 'lossy',    severity: 'info',    message: 'Description was cut to {max} characters for {to}', hint: 'Shorten the description at the source.' },
  description_missing:        { effect: 'lossy',    severity: 'info',    message: '{to} requires a group description; "{value}" was written', hint: 'Set a description on the source group.' },
  name_rewritten:             { effect: 'lossy',    severity: 'info',    message: 'Group name "{from}" is not valid on {to}; written as "{name}"', hint: 'Choose a name valid on both clouds.' },
  tags_dropped:               { effect: 'lossy',    severity: 'info',    message: '{count} tags are not part of the {shape} shape on {to}', hint: 'Apply tags with the target cloud\'s tagging API.' },
  quota_exceeded:             { effect: 'exact',    severity: 'error',   message: '{count} {what} exceeds the {to} quota of {limit}', hint: 'Request a quota increase or merge ranges; for an AWS target, --split-over-quota splits the result across groups attached together.' },
  region_mapped:              { effect: 'exact',    severity: 'info',    message: 'Region {from} ({city}) maps to {to}', hint: 'Override with regions in the mapping file.' },
  region_unmapped:            { effect: 'lossy',    severity: 'warning', message: 'Region {region} has no same-city region on {to}; no region was set', hint: 'Name the target region under regions in the mapping file.' },
  protocols_narrowed:         { effect: 'narrower', severity: 'warning', message: 'AWS cannot write "all protocols except some": this {direction} allow of all protocols is kept for the protocols AWS names (TCP, UDP, ICMP, ICMPv6) and those the group names; {count} other protocol numbers ({protocols}) are not allowed', hint: 'Pass --expand-protocols for the exact form (one AWS rule per protocol number, far over the quota), or add explicit rules for the protocols you need.' },
  new_group_default_egress:   { effect: 'exact',    severity: 'info',    message: 'A new AWS group starts with an allow-all IPv4 egress rule (-1 to 0.0.0.0/0); for this group it {what}', hint: 'In a VPC with IPv6, AWS also adds an allow-all ::/0 egress rule to new groups: revoke it unless the group allows all IPv6 egress.' },
  inner_access_policy_not_requested: { effect: 'exact', severity: 'warning', message: 'This basic group needs InnerAccessPolicy=Drop, which Authorize requests cannot set; a new basic group starts with Accept (members reach each other)', hint: 'Call ModifySecurityGroupPolicy with InnerAccessPolicy=Drop on the new group, or members can reach each other on every port.' },
  split_over_quota:           { effect: 'exact',    severity: 'warning', message: 'The AWS result has {rules} rules and needs {count} {what}, over the {limit} a group may hold; it was split into {shards} groups that together mean exactly the translation: {ids}', hint: 'Attach every one of the {shards} groups to every network interface that would have used the one group ({groups} groups per interface by default, up to {max} on request); references to the group name the first.' },
  shards_over_interface_limit:{ effect: 'exact',    severity: 'warning', message: '{shards} groups per network interface are needed, over the limit of {limit}', hint: 'Ask AWS to raise "Security groups per network interface" (up to {max}; rules per group × groups per interface ≤ 1,000), or raise the rules per group and pass --rules-per-group and --max-groups-per-interface to split again.' },
  interface_capacity_exceeded:{ effect: 'exact',    severity: 'error',   message: '{count} {direction} rules of one address family cannot reach one network interface: AWS allows at most {limit} across all its groups, whatever the quotas', hint: 'Simplify the source (fewer drops cutting into wide allows, wider CIDRs), or map references to prefix lists.' },
  exactness_over_quota:       { effect: 'exact',    severity: 'warning', message: 'The exact translation needs {count} rules, more than the {to} quota of {limit}', hint: 'Pass --split-over-quota to split it across groups attached together, request a quota increase, or simplify the source (fewer drops cutting into wide allows).' },
  widened_on_request:         { effect: 'wider',    severity: 'error',   message: 'With --allow-widening, {what} was kept and allows more than the source', hint: 'Drop --allow-widening for a narrower, safe result.' },
  enterprise_group_policy:    { effect: 'exact',    severity: 'warning', message: 'Enterprise groups may reject drop rules or policy changes (InvalidGroupParameter.OperationDenied); verify before applying', hint: 'See reference: the behaviour is uncertain.' },
  field_unknown:              { effect: 'lossy',    severity: 'warning', message: 'Field {field} is not part of the {shape} shape and was not read', hint: 'Check the spelling; remove the field if it is not needed.' },
  cli_command_not_read:       { effect: 'exact',    severity: 'info',    message: 'The CLI command {command} was used only for its operation and direction; the rules were read from {readFrom}', hint: 'Nothing to do unless the command and its output disagree.' },
  // --- Aliyun reading (appended by the aliyun adapter) -------------------------------------------------------------
  direction_assumed:          { effect: 'exact',    severity: 'warning', message: 'The payload does not say whether this rule is ingress or egress; read as {assumed} ({reason})', hint: 'Add "Direction" (Describe) or "Action" (request) so the direction is explicit.' },
  field_ignored_for_direction:{ effect: 'exact',    severity: 'info',    message: 'Field {field} has no meaning on a {direction} rule and is ignored', hint: 'Remove the field, or check the rule\'s direction.' },
  port_range_lenient:         { effect: 'exact',    severity: 'warning', message: 'PortRange {value} is not accepted by Aliyun for {protocol}; read as {readAs}', hint: 'Use 1/65535 for all ports of TCP or UDP.' },
  address_family_conflict:    { effect: 'exact',    severity: 'warning', message: 'Fields {field} and {other} are both set ({providerCode} on Aliyun); {other} was read and {field} is ignored', hint: 'Set only one address family per side of a rule.' },
  request_item_invalid:       { effect: 'narrower', severity: 'error',   message: 'Item {index} is not valid ({providerCode}: {reason}); its rules are left out', hint: 'Fix the item; run sgbridge validate for every problem.' },
  // --- conversion pipeline (src/convert): verdicts the engine proved that no other finding explains -------------
  meaning_narrowed:           { effect: 'narrower', severity: 'warning', message: 'The engine proved the target allows less than the source, for example: {region}', hint: 'Run sgbridge diff on the source and the target to see every difference.' },
  meaning_widened:            { effect: 'wider',    severity: 'error',   message: 'The engine proved the target allows more than the source, for example: {region}', hint: 'Do not apply this target; report the case. Run sgbridge diff to see every difference.' },
  target_id_placeholder:      { effect: 'exact',    severity: 'info',    message: 'The mapping names no {to} ID for group {groupId}; the placeholder {placeholder} is used, also by its self-references', hint: 'Add "{groupId}" under groups in the mapping file once the target group exists.' },
  // --- failing closed (src/convert/skipped.ts): rules left out, inputs that are one page of a listing ---------------
  invalid_rule_skipped:       { effect: 'narrower', severity: 'warning', message: 'This allow rule was left out: {reason}', hint: 'Fix the value (sgbridge validate lists every problem); without --skip-invalid the run stops here.' },
  invalid_deny_skipped:       { effect: 'wider',    severity: 'error',   message: 'This rule ({action}) was left out: {reason}; a deny left out may have denied traffic the output allows', hint: 'Fix the value (sgbridge validate lists every problem) before applying the output; without --skip-invalid the run stops here.' },
  inner_access_partial:       { effect: 'narrower', severity: 'warning', message: 'The all-traffic self-reference cannot become InnerAccessPolicy=Accept: {reason}; it is left out (members of the Aliyun group do not reach each other)', hint: 'Pass --allow-widening to use InnerAccessPolicy=Accept anyway (reported as wider), or allow all egress to ::/0 in the source if members may use IPv6.' },
  sibling_reference_placeholder: { effect: 'exact', severity: 'info',  message: 'Group {groupId} is converted from the same input; the reference uses its placeholder {placeholder}, as that group\'s own output does', hint: 'Add "{groupId}" under groups in the mapping file once the target groups exist, and convert again.' },
  description_rewritten:      { effect: 'lossy',    severity: 'info',    message: 'The group description is not valid on {to} ({why}); written as "{value}"', hint: 'Choose a description valid on both clouds.' },
  input_truncated:            { effect: 'lossy',    severity: 'warning', message: 'The payload is one page of a longer listing ({why}); the result does not describe the whole {what}', hint: 'Fetch every page (follow NextToken until it is empty) and convert the complete listing.' },
  priority_ignored:           { effect: 'exact',    severity: 'warning', message: 'Priority {priority} has no meaning in an AWS-provider group (an unordered union of allow rules) and is ignored', hint: 'Remove priority, or set provider: aliyun if the order is meant.' },
  // --- provisioning code (adapters/terraform, cloudformation, ros): reading and writing IaC -------------------
  iac_rule_unsupported:       { effect: 'narrower', severity: 'warning', message: '{format} cannot write {what}; {outcome}', hint: 'Keep this rule in an API payload (convert --emit request), or simplify it at the source.' },
  iac_variable_added:         { effect: 'exact',    severity: 'warning', message: '{what} is not known for the {format} output; variable "{variable}" is declared for it', hint: 'Set the variable (terraform.tfvars, -var, or a stack parameter), or add the ID to the mapping file.' },
  iac_default_egress_removed: { effect: 'exact',    severity: 'info',    message: 'Terraform removes the allow-all egress rule AWS gives a new group; the group allows exactly the egress rules written', hint: 'Nothing to do.' },
  iac_egress_sentinel:        { effect: 'wider',    severity: 'warning', message: 'CloudFormation keeps the allow-all egress rule of a new group unless SecurityGroupEgress names a rule; this group allows no other egress, so a rule that matches almost nothing was written ({rule})', hint: 'Apply as is (the rule can only match an ICMP packet of type 252 code 86 to 255.255.255.255), or use --emit terraform, which removes the default rule.' },
  iac_inner_access_unsupported:{ effect: 'wider',   severity: 'error',   message: 'ROS templates cannot set InnerAccessPolicy; a new basic group starts with Accept, so members reach each other on every port', hint: 'Call ModifySecurityGroupPolicy with InnerAccessPolicy=Drop after the stack is created, or use --emit terraform (inner_access_policy).' },
  iac_rule_without_group:     { effect: 'exact',    severity: 'warning', message: 'Rule {address} belongs to group {groupId}, which is not in this {kind}; its rules are read as a group of their own', hint: 'Include the group resource in the input to read its own fields and rules.' },
  iac_reference_unresolved:   { effect: 'narrower', severity: 'warning', message: 'Value {value} of {field} cannot be resolved within the {kind}; the rule is left out', hint: 'Give the value directly, or a parameter default, so the rule can be read.' },
  iac_parameter_default:      { effect: 'exact',    severity: 'warning', message: 'Parameter {name} has no value in a template; its default {value} was used', hint: 'Check that the stack is deployed with the default.' },
  iac_default_egress_read:    { effect: 'exact',    severity: 'info',    message: 'A CloudFormation group without SecurityGroupEgress keeps the allow-all IPv4 egress rule AWS gives a new group; read as that rule', hint: 'Nothing to do.' },
  iac_other_cloud_skipped:    { effect: 'lossy',    severity: 'warning', message: '{count} {provider} security-group resources in this {kind} were not read (one cloud per run)', hint: 'Run again with --from {provider} to read them.' },
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDING_CODES;
export const FINDING_CODE_LIST = Object.keys(FINDING_CODES) as FindingCode[];
