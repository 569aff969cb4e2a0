/** Help texts of the `sgbridge` command; each command's text ends with examples. */
export const MAIN_HELP = `sgbridge: translate security-group rules between Alibaba Cloud ECS (aliyun) and AWS EC2 (aws),
prove what each translation means, and compare groups across clouds.

Usage:
  sgbridge convert <file|-> --to aws|aliyun|model [options]   translate groups, with a verdict and findings
  sgbridge diff <a> <b> [--map m.json]                        do two groups (any clouds) allow the same traffic?
  sgbridge explain <file> --packet "<spec>"                   is a packet allowed, and which rule decided?
  sgbridge validate <file> [--from aws|aliyun|model]          offline checks with the provider's error codes
  sgbridge plan <desired> --base <current> [options]          the requests that turn current into desired, proven
  sgbridge pull <aws:region|aliyun:region>[/<group>]          live groups, all pages, as a file every command reads
  sgbridge apply <plan.json> [--yes] [--dry-run]              apply a plan to a live group, verified after
  sgbridge emulate aws|aliyun [--port N]                      local EC2 / ECS API emulator (tests, your own code)
  sgbridge audit <a> <b> [--map m.json]                       every group of two fleets compared, ranked by exposure
  sgbridge <command> --help                                   options and examples of one command
  sgbridge --version

Exit codes: 0 success; 1 diff found a difference, or --fail-on matched; 2 bad input or usage (one line on
stderr: file, JSON pointer, provider error code); 70 internal error (set SGBRIDGE_DEBUG=1 for the stack).

Environment: COLUMNS sets the width of text reports (default: the terminal's, or 100 when not a terminal);
NO_COLOR turns colour off (colour is used only on a terminal); SGBRIDGE_DEBUG=1 prints stacks.

Example:
  sgbridge convert examples/aliyun-web-tier.json --to aws --format text
`;

export const CONVERT_HELP = `Usage: sgbridge convert <file|-> --to aws|aliyun|model [options]

Reads security groups (Aliyun DescribeSecurityGroupAttribute or Authorize*/Revoke*/Modify* parameters; AWS
DescribeSecurityGroups (JSON or XML), DescribeSecurityGroupRules, AuthorizeSecurityGroupIngress/Egress input
(JSON or EC2 Query); Terraform state, plan or .tf.json, CloudFormation or ROS templates; or a sgbridge model
document) and writes them for the target. The format is detected.
Each group gets a verdict proven by the semantic engine: exact, narrower (the target allows less), wider (the
target allows more; only with --allow-widening) or mixed, and findings naming every change by JSON pointer.
A request input (Authorize, Revoke, Modify) is a change: it becomes the target's requests for the same change
("changes" in the JSON), with no defaults added; what needs the group it applies to is an error finding
(sgbridge plan <request> --base <group> plans it exactly).

Options:
  --to aws|aliyun|model     target (model: the canonical model document, JSON; YAML with -o *.yaml)
  --from aws|aliyun|model   force the source instead of detecting it
  --shape <name>            force the payload shape (e.g. describe-security-groups)
  --map <file>              mapping file (JSON or YAML): group, account, prefix-list and region IDs across
                            clouds; see docs/mapping.md. Unmapped references are findings, never guesses.
  --format text|json|markdown
                            text (default; json when -o names a .json, .yaml or .yml file): a table per
                            group; json: one document
                            {from, to, groups: [{source, target, verdict, findings}]}; markdown: for reviews
  --emit describe|request   describe (default): the target's Describe shape; request: also the SDK request
                            objects (AWS AuthorizeSecurityGroupIngress/Egress, Aliyun AuthorizeSecurityGroup(-Egress))
                            under each group as "requests"
  --emit terraform|terraform-json|cloudformation|cloudformation-json|ros|ros-json
                            provisioning code for the target instead (terraform: both clouds; cloudformation:
                            aws; ros: aliyun). The document is the output, each group's verdict (proven on the
                            document read back) goes to stderr; with --format the report is the output
  --allow-widening          keep rules the target cannot express exactly in a wider form (each reported as
                            wider); by default sgbridge never widens and reports what it left out
  --expand-protocols        to AWS: write an "all protocols" allow that a protocol-specific drop cuts as one
                            rule per protocol number (exact, hundreds of rules); by default only tcp, udp,
                            icmp, icmpv6 and the protocols the group names are kept (protocols_narrowed)
  --split-over-quota        to AWS: a result over the rule quota becomes the fewest groups within it, to be
                            attached together (their union means the same); JSON gains "targets" (every shard)
  --rules-per-group <n>     to AWS: the account's rules per group, per direction and family (default 60)
  --max-groups-per-interface <n>
                            to AWS: the account's security groups per network interface (default 5, at most
                            16; rules per group × groups per interface ≤ 1,000)
  --base <file>             request inputs: the current target group (its Describe payload); each change
                            becomes the exact requests sgbridge plan gives for it
  --fail-on wider|narrower|lossy
                            exit 1 when any group is at least that far from exact: wider (a wider or mixed
                            verdict), narrower (any verdict but exact), lossy (also any lost information)
  --skip-invalid            leave out rules whose values the provider rejects (bad or masked CIDR, missing
                            peer, out-of-range port, …) instead of stopping with exit 2; each is a finding,
                            and a left-out deny makes the verdict at least wider
  --group-findings          JSON: findings that differ only by pointer (one per rule, by the thousand in a
                            large group) become one entry with "pointers" (in order) and "count" instead
                            of "pointer"; a finding that occurs once is unchanged. Off by default
  --jobs <n>                threads converting the groups of one input, this one included (default: the
                            machine's cores when the input has 1,000 groups or more, else 1; 1: this thread).
                            Same output whatever the number
  -o, --output <file>       write the output there (atomically) instead of stdout; JSON goes there group by
                            group as the groups are converted, so a large document is never held whole
  -   as <file>             read the input from stdin

Examples:
  sgbridge convert examples/aliyun-web-tier.json --to aws --format text
  sgbridge convert examples/aws-icmp-ipv6-prefix.json --to aliyun --map examples/mapping.json --format json
  sgbridge convert examples/model-provisioning.yaml --to aws --emit request --format json
  sgbridge convert examples/model-tiers.yaml --to aws --map examples/mapping.json --emit terraform -o tiers.tf
  terraform show -json | sgbridge convert - --to aliyun --emit ros -o groups.ros.yaml
  cat sg.json | sgbridge convert - --to aliyun --fail-on narrower -o sg-aliyun.json
`;

export const DIFF_HELP = `Usage: sgbridge diff <a> <b> [--map m.json] [--format text|json|markdown]

Compares what two groups allow, each under its own cloud's rules (Aliyun priorities, drops and defaults; AWS
allow-only union). The groups may be on different clouds: --map renames A's references to B's IDs. Files with
several groups are compared group by group in order; pick one with --group-a / --group-b.
Prints the traffic only A allows and only B allows; a region that differs only for some hosts says which
("a member of sg-a whose address is in pl-1"). Exit 0 when equivalent, 1 when different.

Options:
  --map <file>           mapping file (see sgbridge convert --help)
  --from-a, --from-b     force the source kind of A or B (aws|aliyun|model)
  --group-a <id>, --group-b <id>
                         compare only this group of A / of B
  --assume-disjoint      state that no member of a referenced group and no address of a referenced prefix list
                         is also in another one or inside a CIDR a rule names (default: a member is a host with
                         some address and any memberships, and groups differ if any such host is answered apart)
  --format text|json|markdown
  --skip-invalid         leave out rules whose values the provider rejects (see sgbridge convert --help);
                         a pair with left-out rules is never reported equivalent

Examples:
  sgbridge diff examples/diff-aliyun.json examples/diff-aws.json --map examples/mapping.json
  sgbridge diff examples/diff-aliyun.json examples/diff-aws-wider.json --map examples/mapping.json --format json
`;

export const EXPLAIN_HELP = `Usage: sgbridge explain <file|-> --packet "<spec>" [--group <id>] [--from aws|aliyun|model] [--format text|json]

Says whether a packet is allowed by a group and which rule (or default) decided it, under the group's cloud.

Options:
  --packet "<spec>"         the packet (syntax below; required)
  --group <id>              only this group of the file (default: every group)
  --from aws|aliyun|model   force the source instead of detecting it
  --assume-disjoint         treat a membership as a host apart from every address and other membership
  --format text|json        text (default): one line per group; json: {packet, results: [{group, provider,
                            outcome, allowed, decidedBy, text, cases}]}: outcome allowed|denied|depends,
                            allowed (a boolean) only when definite, decidedBy with the rule's JSON pointer,
                            cases: each answer with the hosts it holds for
  --skip-invalid            leave out rules whose values the provider rejects (see sgbridge convert --help);
                            the answer then says which rules it could not take into account

Packet spec: <ingress|egress> <protocol> <peer>[:<port>] [sport=<n>] [local=<address>] [icmp=<type>/<code>]
             [groups=<id,…>] [prefix-lists=<id,…>]
  protocol    tcp | udp | icmp | icmpv6 | gre | an IANA number (a packet has one protocol: not "all")
  peer        the remote side: an IPv4 address (10.0.0.1:22), an IPv6 address (2001:db8::1; with a port in
              brackets: [2001:db8::1]:443), a member of a group (sg-123 or group:<id>) or an address of a
              prefix list (pl-123 or prefixList:<id>)
  :<port>     the destination port; required for tcp and udp
  sport=<n>   the source port             local=<address>   the instance-side address
  icmp=<t>/<c> ICMP type and code (icmp and icmpv6 without it: type 8 code 0, echo request)
  groups=, prefix-lists=  the peer host's complete memberships (an address with them is one definite host)

A member of a group (or an address of a prefix list) is a host with some address and maybe other
memberships: the answer is allowed or denied when it holds for every such host, else "depends", with each
answer and the hosts it holds for.

Examples:
  sgbridge explain examples/aliyun-web-tier.json --packet "ingress tcp 203.0.113.7:22"
  sgbridge explain examples/aws-icmp-ipv6-prefix.json --packet "ingress icmp 10.1.2.3 icmp=8/0"
  sgbridge explain examples/aliyun-web-tier.json --packet "egress tcp [2001:db8::10]:443" --format json
  sgbridge explain examples/aws-icmp-ipv6-prefix.json --packet "ingress tcp 10.0.0.5:443 groups=sg-1 prefix-lists=pl-1"
`;

export const VALIDATE_HELP = `Usage: sgbridge validate <file|-> [--from aws|aliyun|model] [--shape <name>] [--format text|json]

Checks a payload offline the way the provider would, and reports each problem as one line on stderr:
  <file>: <JSON pointer>: [<ProviderErrorCode>] <message>
Exit 0 when valid, 2 when not.

Examples:
  sgbridge validate examples/aliyun-web-tier.json
  sgbridge validate request.json --from aliyun --format json
`;

export const PLAN_HELP = `Usage: sgbridge plan <desired|-> --base <current> [options]
       sgbridge plan <desired|-> --create [--to aws|aliyun] [--base <current>] [--map m.json] [--vpc-id v] [--region r]

Plans the ordered target API requests that turn an existing group (<current>, as its cloud describes it:
DescribeSecurityGroups or DescribeSecurityGroupAttribute; its cloud is the target) into a group with the
meaning of <desired> (a group of either cloud or the model document, or a request: then desired is the base
with the change applied). Offline. Rules already present stay; only what must change is revoked or added.
Every step is applied in memory with a model of the API's effect, and the engine proves that no state on the
way allows anything neither <current> nor <desired> allows, marks steps that may deny for a while what both
allow (transient), and gives the verdicts before and after.

Options:
  --base <file>             the current target group(s) (required); several groups are paired by ID via --map
  --map <file>              mapping file (IDs across clouds), as for convert
  --from aws|aliyun|model   force the source of <desired>
  --order safe|authorize-first|revoke-first
                            safe (default): the order with no widening and the fewest transient denials;
                            the others for users who prefer one risk (a widening step is an error finding)
  --format text|json|markdown
                            text (default; json when -o names a .json file); json: one plan
                            {target, baseDigest, steps: [{action, request, transient}], before, after,
                            findings, desired}, or {plans: [...]} for several groups
  --allow-widening, --expand-protocols
                            as for convert, when <desired> is on the other cloud
  --emit terraform|terraform-json
                            write the planned group (the base with the steps applied) as Terraform, with
                            import blocks (Terraform 1.5+) for the group and for each rule the base already
                            holds, so terraform adopts the group instead of recreating it; the proof (the
                            document read back against the planned group) and findings go to stderr
  --rule-ids <file>         with --emit on AWS: DescribeSecurityGroupRules output of the base group, for the
                            rule IDs (sgr-…) a rule import needs (DescribeSecurityGroups has none)
  -o, --output <file>       write the output there (atomically) instead of stdout
  --create                  desired groups with no target group (the mapping pairs their ID with none, and no
                            --base group answers) are planned onto a new group: the plan starts with
                            CreateSecurityGroup, then goes from the new group's defaults (AWS: egress all to
                            0.0.0.0/0; Aliyun: no rules, InnerAccessPolicy Accept, Drop for enterprise). Its
                            target is a placeholder ID; target.sourceGroupId names the desired group, and with
                            --map the plan records the file (mappingFile): apply writes the new pair into it
  --to aws|aliyun           with --create and no --base: the cloud the groups are created on
  --vpc-id <vpc>            with --create: the VPC of a new group whose VPC the mapping's "vpcs" section does
                            not pair (required for AWS when neither names one)
  --region <region>         with --create: the new groups' region (default: the desired group's, mapped)

Examples:
  sgbridge plan examples/diff-aliyun.json --base test/fixtures/plan/aws-app-tier-current.json --map examples/mapping.json
  sgbridge plan examples/diff-aliyun.json --base test/fixtures/plan/aws-app-tier-current.json --map examples/mapping.json \
    --emit terraform --rule-ids test/fixtures/plan/aws-app-tier-current.rules.json -o app-tier.tf
  sgbridge plan request.query --base current.json --format json -o plan.json
  sgbridge plan aliyun:ap-southeast-1 --create --to aws --region ap-southeast-1 --map m.json --vpc-id vpc-0app -o plan.json
`;

export const PULL_HELP = `Usage: sgbridge pull <aws:<region>[/<group-id>]|aliyun:<region>[/<group-id>]> [options]

Reads a live account's security groups, every page, into a file every sgbridge command reads:
  aws     DescribeSecurityGroups output, plus "PrefixListEntries": {"pl-…": [cidrs]} of the managed prefix
          lists the rules reference (convert and diff use them to expand unmapped prefix lists)
  aliyun  DescribeSecurityGroupAttribute responses with all rule pages (a group's rules come 500 per page),
          plus SecurityGroupType, Tags and Description from DescribeSecurityGroups; one response when the
          location names a group, else a list of them
Credentials come from each cloud's default chain and are never printed: AWS env, ~/.aws files (--profile),
SSO, web identity, instance roles; Aliyun ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / ALIBABA_CLOUD_SECURITY_TOKEN,
~/.aliyun/config.json (--profile), OIDC, RAM roles. Throttling and 5xx are retried by the SDKs.

Options:
  --group-ids a,b           only these groups
  --vpc-id <id>             only groups of this VPC
  --tag k=v                 only groups with this tag (repeatable)
  --endpoint <url>          another endpoint (emulator, private endpoint); also AWS_ENDPOINT_URL_EC2,
                            ALIBABA_CLOUD_ECS_ENDPOINT
  --profile <name>          a profile of ~/.aws/config or ~/.aliyun/config.json
  --concurrency <n>         calls in flight at once (default 8)
  --page-size <n>           AWS groups per DescribeSecurityGroups page (5..1000, default 1000); Aliyun rules
                            per DescribeSecurityGroupAttribute page (10..1000, default 1000)
  -o, --output <file>       write there (atomically) instead of stdout

Live locations also work wherever a file does (convert, diff, explain, validate), with the endpoint and
profile from the environment (AWS_ENDPOINT_URL_EC2, AWS_PROFILE, ALIBABA_CLOUD_ECS_ENDPOINT,
ALIBABA_CLOUD_PROFILE).

Examples:
  sgbridge pull aws:ap-east-1 --vpc-id vpc-0a1b2c3d -o fleet.json
  sgbridge pull aliyun:cn-hongkong/sg-j6c4webtier0001 -o web.json
  sgbridge diff aliyun:cn-hongkong/sg-j6c4webtier0001 aws:ap-east-1/sg-0a1b2c3d4e5f60001 --map mapping.json
`;

export const EMULATE_HELP = `Usage: sgbridge emulate aws|aliyun [--port N] [--state state.json] [--faults spec] [--seed n]

A local HTTP emulator of the EC2 Query API or the ECS RPC API for the security-group calls (describe with
paging, create and delete group, authorize and revoke both directions, modify rule, modify policy, AWS managed
prefix lists), with each cloud's validation, error codes, quotas, duplicate behaviour (AWS: an error; Aliyun:
a silent success) and new-group defaults. Point the real SDK clients at it (tests, your own provisioning
code): AWS endpoint http://127.0.0.1:PORT; Aliyun endpoint 127.0.0.1:PORT with protocol http. Listens on
127.0.0.1 only. Ctrl-C stops it.

Options:
  --port <n>                port (default 0: a free port, printed on stdout)
  --state <file>            load the groups from this file at start and save them after every change; the
                            file shape is what sgbridge pull writes
  --faults <spec>           seeded faults, comma-separated: throttle=<rate> (AWS RequestLimitExceeded 503,
                            Aliyun Throttling.User), 5xx=<rate>, drop=<rate> (connection dropped before or
                            after the call takes effect), latency=<ms>, lag=<ms> (new rules invisible to
                            describe for that long), hidenew=<n> (a group CreateSecurityGroup made answers
                            NotFound to its first n calls naming it), hidenewms=<ms> (the same, for that long)
  --seed <n>                seed of the faults (default 1)

Examples:
  sgbridge emulate aws --port 4599 --state aws-state.json
  sgbridge emulate aliyun --faults throttle=0.3,5xx=0.05,lag=200 --seed 7
`;

export const APPLY_HELP = `Usage: sgbridge apply <plan.json> [--yes] [--dry-run] [--replan] [--region r] [--endpoint url] [--profile name] [--wait seconds] [--create-wait seconds]

Runs a plan (written by sgbridge plan) against its live group, then proves the result:
  1. re-reads the target group; if it no longer matches the plan's base digest, refuses (exit 2) and shows
     the drift, unless --replan makes a new plan from the live group and the plan's desired group
  2. runs the steps in the plan's order. Idempotent and resumable: <plan>.journal.json records each step, and
     a re-run after a crash, Ctrl-C or network failure continues where it stopped. AWS
     InvalidPermission.Duplicate (authorize) and InvalidPermission.NotFound (revoke) count as done; Aliyun
     calls carry a ClientToken derived from the plan and the step, so a retried call never adds a rule twice
  3. reads the group again (waiting up to --wait seconds for rules not yet visible) and proves with the engine
     that it means what the plan promises: the base through the steps (the API effect model), and the
     plan's after verdict against its desired group. Exit 0 only then.
A plan whose first step is CreateSecurityGroup (plan --create) creates its group; the new ID replaces the
plan's placeholder in the later steps and is printed, and is written into the mapping file (the plan's
mappingFile, or --map) as groups: {<desired group ID>: <new ID>}, atomically; a pair already there is kept.
The created group is read before any rule step: when the cloud started it otherwise than the plan assumed
(AWS adds egress to ::/0 in a VPC with an IPv6 block), the rule steps are planned again from it. Until the
new group is visible (EC2 is eventually consistent), NotFound answers for it are waited out, up to
--create-wait seconds; a NotFound for any other group fails at once.
Credentials come from each cloud's default chain (see sgbridge pull --help) and are never printed or written.

Options:
  -y, --yes                 apply without asking (without a terminal, apply refuses unless --yes is given)
  --dry-run                 AWS: every call with DryRun=true (DryRunOperation: it would succeed); Aliyun has
                            no dry run: the steps are validated offline. Nothing is changed or written
  --endpoint <url>          another endpoint (emulator, private endpoint); also AWS_ENDPOINT_URL_EC2,
                            ALIBABA_CLOUD_ECS_ENDPOINT
  --profile <name>          a profile of ~/.aws/config or ~/.aliyun/config.json
  --wait <seconds>          how long to wait for applied rules to become visible (default 60)
  --create-wait <seconds>   how long a group this run created may answer NotFound before it is visible
                            (default 60; 0: fail at once). Past it, a re-run resumes from the journal
  --replan                  on drift, plan again from the live group to the same desired group, and apply that
  --region <region>         the region, when the plan names none (plans made from AWS files)
  --map <file>              the mapping file a created group's ID is written into (default: the plan's)

Examples:
  sgbridge apply web-plan.json --dry-run
  sgbridge apply web-plan.json --yes
`;

export const AUDIT_HELP = `Usage: sgbridge audit <a> <b> [options]

Compares every group of side A with its counterpart on side B (any mix of clouds) and ranks the differences
by exposure. <a> and <b> are files, directories of files (every .json, .yaml, .yml, .xml, .txt file in them),
or live locations (aws:<region>, aliyun:<region>, pulled as sgbridge pull does). Each pair is compared
like sgbridge diff: A's references are renamed to B's IDs through --map, and each side keeps its own cloud's
rules. A difference is ranked by what it opens: the whole internet above large public ranges above other
public ranges above private ranges above group references; management and database ports
(tables/exposure.ts) above others; ingress above egress. Levels: critical (ingress from the internet to a
management or database port), high, medium, low.

Options:
  --map <file>           mapping file: group pairs, accounts, prefix lists, regions (see docs/mapping.md)
  --pair-by <methods>    how groups are paired, in order (default mapping,tag:sgbridge-pair,name):
                           mapping    the mapping file's group pairs
                           tag:<key>  the same value of tag <key> on both sides
                           name       the same group name in corresponding regions (unique names only)
                         A group that two methods pair differently is an error naming both.
  --assume-disjoint      assume group members and prefix-list addresses are disjoint from each other and
                         from the CIDRs rules name (default: a member is a host with some address)
  --format text|json|markdown|sarif
                         text (default; json with -o *.json, sarif with -o *.sarif); markdown for a
                         pull-request comment; sarif: SARIF 2.1.0 for code-scanning UIs
  -o, --output <file>    write the report to a file (atomically)
  --fail-on <list>       exit 1 when any of these is found (comma-separated; default different,unpaired):
                           different  a pair that is not equivalent
                           unpaired   a group without a counterpart
                           exposure   internet-open management or database port that one side allows
                           none       never (exit 0 unless the input is bad)
  --jobs <n>             threads comparing pairs, this one included (default: the machine's cores for
                         large audits; 1: this thread). Same report whatever the number

Exit codes: 0 nothing matched --fail-on; 1 something did; 2 bad input or usage (one line on stderr).
A progress line is written to stderr when it is a terminal and the audit takes more than a moment.

Examples:
  sgbridge audit examples/audit/aliyun examples/audit/aws --map examples/audit/mapping.json
  sgbridge audit exports/aliyun/ exports/aws.json --map map.yaml --format sarif -o audit.sarif --fail-on exposure
`;
