/**
 * Rule conditions a target cannot hold, decided from its capability table (tables/capabilities.ts): source
 * ports (`sourcePorts`), a local address (`localAddress`), a NIC type (`nicTypes`), a port list
 * (`portLists`), ICMP types and codes (`icmpTypeCode`), port 0 (`minPort`) and numbered protocols
 * (`protocols`, `numberedProtocolRegions`). Each decision is reported here, at the rule's pointer; the
 * compilers only do the set algebra the decision asks for (leave an allow out, keep it without the
 * condition, or let a drop drop everything in its box).
 *
 * Never wider unless asked: an accept with a condition the target lacks is left out (narrower) or, with
 * allowWidening, kept without it (`widened_on_request`); a drop with such a condition drops more.
 */
import type { Capabilities } from '../../tables/capabilities.js';
import { ICMP_PROTOCOLS, PORT_PROTOCOLS } from '../../tables/protocols.js';
import type { PortRange, Rule } from '../model/rule.js';
import type { Report } from '../report/report.js';

/** The target's name in findings (`AWS`, `Aliyun`). */
export interface ConditionContext {
  readonly caps: Capabilities;
  readonly to: string;
  readonly widen: boolean;
  readonly report: Report;
}

const rangeText = (r: PortRange) => `${r.from}-${r.to}`;

/** A port rule that names a port list without ranges: which ports it means is unknown here. */
export function unresolvedPortList(rule: Rule, caps: Capabilities): boolean {
  return (
    !caps.portLists &&
    rule.portList !== undefined &&
    rule.ports === undefined &&
    rule.protocol !== 'all' &&
    PORT_PROTOCOLS.includes(rule.protocol)
  );
}

/**
 * An accept: true when it is kept (every condition held, or widened on request), false when it is left out.
 * Each condition the target lacks is one finding, in the order source ports, local address, NIC type.
 */
export function keepAllow(rule: Rule, pointer: string, ctx: ConditionContext): boolean {
  const { caps, report, widen, to } = ctx;
  if (unresolvedPortList(rule, caps)) {
    report.add('port_list_unresolved', pointer, { portListId: rule.portList!.id });
    return false;
  }
  let keep = true;
  if (rule.sourcePorts !== undefined && !caps.sourcePorts) {
    if (widen)
      report.add('widened_on_request', pointer, {
        what: `the rule without its source ports ${rangeText(rule.sourcePorts)}`,
      });
    else report.add('source_ports_unsupported', pointer, { to, ports: rangeText(rule.sourcePorts) });
    keep &&= widen;
  }
  if (rule.local !== undefined && !caps.localAddress) {
    if (widen)
      report.add('widened_on_request', pointer, {
        what: `the rule for every instance address instead of ${rule.local}`,
      });
    else report.add('local_address_unsupported', pointer, { to, local: rule.local });
    keep &&= widen;
  }
  // Classic network: an internet-NIC accept matches only traffic on the public NIC.
  if (rule.nicType === 'internet' && !caps.nicTypes) {
    if (widen)
      report.add('widened_on_request', pointer, { what: "the internet-NIC rule for all of the instance's traffic" });
    else report.add('nic_type_internet', pointer, { to, what: 'the accept is left out' });
    keep &&= widen;
  }
  return keep;
}

/**
 * A drop: reports the conditions it loses and returns the ones (source ports, local address) whose loss
 * makes it drop everything in its protocol/port box; empty when its peer stays as it is. An internet-NIC
 * drop is kept for all NICs and an unresolved port list for all ports: both drop more, never less.
 */
export function lostDenyConditions(rule: Rule, pointer: string, ctx: ConditionContext): string[] {
  const { caps, report, to } = ctx;
  if (rule.nicType === 'internet' && !caps.nicTypes) {
    report.add('nic_type_internet', pointer, {
      to,
      what: "the drop applies to all of the instance's traffic (it drops more)",
    });
  }
  if (unresolvedPortList(rule, caps)) report.add('port_list_unresolved', pointer, { portListId: rule.portList!.id });
  const lost: string[] = [];
  if (rule.sourcePorts !== undefined && !caps.sourcePorts) lost.push(`source ports ${rangeText(rule.sourcePorts)}`);
  if (rule.local !== undefined && !caps.localAddress) lost.push(`local ${rule.local}`);
  return lost;
}

/** True when the target accepts the protocol in this region. */
export function protocolWritable(protocol: Rule['protocol'], caps: Capabilities, region: string | undefined): boolean {
  if (protocol === 'all' || caps.protocols.length === 0 || caps.protocols.includes(protocol)) return true;
  if (caps.numberedProtocolRegions === null) return true;
  return region !== undefined && caps.numberedProtocolRegions.includes(region);
}

/**
 * An accept made writable for a target without some protocols, ICMP types or port 0 (Aliyun): the rule as
 * the target can hold it, or undefined when it is left out. Widened forms are reported `widened_on_request`.
 */
export function lowerAllowMatch(
  rule: Rule,
  pointer: string,
  region: string | undefined,
  ctx: ConditionContext,
): Rule | undefined {
  const { caps, report, widen, to } = ctx;
  let out = rule;
  if (!protocolWritable(rule.protocol, caps, region)) {
    const where = region ? ` in region ${region}` : ' without a region that accepts numbered protocols';
    if (!widen) {
      report.add('protocol_unsupported', pointer, { protocol: String(rule.protocol), to, where });
      return undefined;
    }
    report.add('widened_on_request', pointer, { what: `protocol ALL instead of ${rule.protocol}` });
    out = { ...out, protocol: 'all', ports: undefined, icmp: undefined };
  }
  const icmpProtocol = out.protocol !== 'all' && ICMP_PROTOCOLS.includes(out.protocol);
  if (icmpProtocol && !caps.icmpTypeCode) {
    if (out.icmp !== undefined && !(out.icmp.type === 'any' && out.icmp.code === 'any')) {
      const detail = {
        protocol: out.protocol === 1 ? 'ICMP' : 'ICMPv6',
        type: String(out.icmp.type),
        code: String(out.icmp.code),
      };
      if (!widen) {
        report.add('icmp_type_unsupported', pointer, detail);
        return undefined;
      }
      report.add('widened_on_request', pointer, {
        what: `all ${detail.protocol} types instead of type ${detail.type} code ${detail.code}`,
      });
    }
    out = withoutKey(out, 'icmp');
  }
  if (out.protocol !== 'all' && PORT_PROTOCOLS.includes(out.protocol)) {
    const ports = out.ports ?? { from: 0, to: 65535 };
    if (ports.from < caps.minPort) {
      const written =
        ports.to < caps.minPort
          ? 'names no other port; the rule is left out'
          : `is written ${caps.minPort}-${ports.to}`;
      report.add('port_zero_unrepresentable', pointer, { ports: `${ports.from}-${ports.to}`, written });
      if (ports.to < caps.minPort) return undefined;
      out = { ...out, ports: { from: caps.minPort, to: ports.to } };
    } else if (out.ports === undefined) out = { ...out, ports };
  }
  return out;
}

function withoutKey<K extends keyof Rule>(rule: Rule, key: K): Rule {
  const copy = { ...rule };
  delete copy[key];
  return copy;
}
