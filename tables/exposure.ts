/**
 * What `sgbridge audit` ranks a difference by: the ports of management and database services (a difference
 * that opens one of them matters more than one that opens a web port), and the address blocks that are not
 * the public internet (a difference that opens a private range matters less than one that opens a public one).
 *
 * Sources:
 *   IANA  - IANA Service Name and Transport Protocol Port Number Registry (service name given per row)
 *   k8s   - Kubernetes documentation, "Ports and Protocols" (control plane and worker nodes)
 *   vendor - the product's own documentation of its default port (named per row)
 *   RFC 6890 and the IANA IPv4 / IPv6 Special-Purpose Address Registries for the non-public blocks.
 * reviewed: 2026-11-30
 */

export type ServiceKind = 'management' | 'database';

export interface SensitivePort {
  readonly port: number;
  /** The transport protocols the service listens on by default. */
  readonly protocols: readonly ('tcp' | 'udp')[];
  readonly service: string;
  readonly kind: ServiceKind;
  readonly source: string;
}

// prettier-ignore
export const SENSITIVE_PORTS = [
  // port   protocols         service                         kind            source
  { port: 22,    protocols: ['tcp'],        service: 'SSH',                      kind: 'management', source: 'IANA ssh' },
  { port: 23,    protocols: ['tcp'],        service: 'Telnet',                   kind: 'management', source: 'IANA telnet' },
  { port: 135,   protocols: ['tcp'],        service: 'MS RPC endpoint mapper',   kind: 'management', source: 'IANA epmap' },
  { port: 161,   protocols: ['udp'],        service: 'SNMP',                     kind: 'management', source: 'IANA snmp' },
  { port: 445,   protocols: ['tcp'],        service: 'SMB',                      kind: 'management', source: 'IANA microsoft-ds' },
  { port: 623,   protocols: ['udp'],        service: 'IPMI (RMCP)',              kind: 'management', source: 'IANA asf-rmcp' },
  { port: 2375,  protocols: ['tcp'],        service: 'Docker API',               kind: 'management', source: 'IANA docker' },
  { port: 2376,  protocols: ['tcp'],        service: 'Docker API (TLS)',         kind: 'management', source: 'IANA docker-s' },
  { port: 2379,  protocols: ['tcp'],        service: 'etcd client',              kind: 'management', source: 'IANA etcd-client; k8s' },
  { port: 2380,  protocols: ['tcp'],        service: 'etcd peer',                kind: 'management', source: 'IANA etcd-server; k8s' },
  { port: 3389,  protocols: ['tcp', 'udp'], service: 'RDP',                      kind: 'management', source: 'IANA ms-wbt-server' },
  { port: 5900,  protocols: ['tcp'],        service: 'VNC',                      kind: 'management', source: 'IANA rfb' },
  { port: 5985,  protocols: ['tcp'],        service: 'WinRM (HTTP)',             kind: 'management', source: 'IANA wsman' },
  { port: 5986,  protocols: ['tcp'],        service: 'WinRM (HTTPS)',            kind: 'management', source: 'IANA wsmans' },
  { port: 6443,  protocols: ['tcp'],        service: 'Kubernetes API server',    kind: 'management', source: 'k8s' },
  { port: 10250, protocols: ['tcp'],        service: 'kubelet API',              kind: 'management', source: 'k8s' },
  { port: 1433,  protocols: ['tcp'],        service: 'Microsoft SQL Server',     kind: 'database',   source: 'IANA ms-sql-s' },
  { port: 1434,  protocols: ['udp'],        service: 'SQL Server Browser',       kind: 'database',   source: 'IANA ms-sql-m' },
  { port: 1521,  protocols: ['tcp'],        service: 'Oracle Database listener', kind: 'database',   source: 'vendor: Oracle Database Net Services, default listener port' },
  { port: 3306,  protocols: ['tcp'],        service: 'MySQL',                    kind: 'database',   source: 'IANA mysql' },
  { port: 5432,  protocols: ['tcp'],        service: 'PostgreSQL',               kind: 'database',   source: 'IANA postgresql' },
  { port: 5984,  protocols: ['tcp'],        service: 'CouchDB',                  kind: 'database',   source: 'IANA couchdb' },
  { port: 6379,  protocols: ['tcp'],        service: 'Redis',                    kind: 'database',   source: 'IANA redis' },
  { port: 9042,  protocols: ['tcp'],        service: 'Cassandra (CQL)',          kind: 'database',   source: 'vendor: Apache Cassandra, native_transport_port' },
  { port: 9200,  protocols: ['tcp'],        service: 'Elasticsearch HTTP',       kind: 'database',   source: 'vendor: Elasticsearch, http.port default' },
  { port: 9300,  protocols: ['tcp'],        service: 'Elasticsearch transport',  kind: 'database',   source: 'vendor: Elasticsearch, transport.port default' },
  { port: 11211, protocols: ['tcp', 'udp'], service: 'Memcached',                kind: 'database',   source: 'IANA memcache' },
  { port: 27017, protocols: ['tcp'],        service: 'MongoDB',                  kind: 'database',   source: 'IANA mongodb' },
] as const satisfies readonly SensitivePort[];

export interface AddressBlock {
  readonly cidr: string;
  readonly name: string;
  readonly source: string;
}

/**
 * Blocks that are not reachable from (or not part of) the public internet. A CIDR inside one of them is a
 * private peer; any other CIDR is public.
 */
// prettier-ignore
export const NON_PUBLIC_BLOCKS = [
  { cidr: '0.0.0.0/8',       name: 'this network',          source: 'RFC 791 / RFC 6890' },
  { cidr: '10.0.0.0/8',      name: 'private-use',           source: 'RFC 1918' },
  { cidr: '100.64.0.0/10',   name: 'shared address space',  source: 'RFC 6598' },
  { cidr: '127.0.0.0/8',     name: 'loopback',              source: 'RFC 1122' },
  { cidr: '169.254.0.0/16',  name: 'link-local',            source: 'RFC 3927' },
  { cidr: '172.16.0.0/12',   name: 'private-use',           source: 'RFC 1918' },
  { cidr: '192.0.0.0/24',    name: 'IETF protocol assignments', source: 'RFC 6890' },
  { cidr: '192.0.2.0/24',    name: 'documentation (TEST-NET-1)', source: 'RFC 5737' },
  { cidr: '192.168.0.0/16',  name: 'private-use',           source: 'RFC 1918' },
  { cidr: '198.18.0.0/15',   name: 'benchmarking',          source: 'RFC 2544' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', source: 'RFC 5737' },
  { cidr: '203.0.113.0/24',  name: 'documentation (TEST-NET-3)', source: 'RFC 5737' },
  { cidr: '240.0.0.0/4',     name: 'reserved',              source: 'RFC 1112' },
  { cidr: '::1/128',         name: 'loopback',              source: 'RFC 4291' },
  { cidr: '::/128',          name: 'unspecified',           source: 'RFC 4291' },
  { cidr: '64:ff9b:1::/48',  name: 'local-use IPv4/IPv6 translation', source: 'RFC 8215' },
  { cidr: '100::/64',        name: 'discard-only',          source: 'RFC 6666' },
  { cidr: '2001:db8::/32',   name: 'documentation',         source: 'RFC 3849' },
  { cidr: 'fc00::/7',        name: 'unique-local',          source: 'RFC 4193' },
  { cidr: 'fe80::/10',       name: 'link-local',            source: 'RFC 4291' },
] as const satisfies readonly AddressBlock[];

/**
 * A public range this large or larger is a "large public range": an IPv4 prefix of /16 or shorter (65,536
 * addresses, a whole provider allocation), an IPv6 prefix of /32 or shorter (a whole RIR allocation to an
 * operator). Smaller public ranges are ranked below them. A choice of this project, stated here.
 */
export const LARGE_PUBLIC_PREFIX = { v4: 16, v6: 32 } as const;
