import { convert } from '../dist/src/convert/convert.js';
import { createMapping } from '../dist/src/mapping/index.js';
import { aliyunFleet, awsFleet, awsGroupId, fleetGroupId } from './generate.mjs';
const groups = {}; for (let i = 0; i < 2000; i++) groups[fleetGroupId(i)] = awsGroupId(i);
const prefixLists = {}; for (let i = 0; i < 10; i++) prefixLists[`pl-0bench${i}`] = `pl-bench${i}`;
const map = createMapping({ groups, accounts: { '123456789012': '1234567890123456' }, prefixLists });
const codes = {};
for (const g of aliyunFleet().slice(0, 20)) { const r = convert(JSON.stringify(g), { to: 'aws', map }); for (const f of r.groups[0].findings) codes[`${f.code}/${f.effect}`] = (codes[`${f.code}/${f.effect}`] ?? 0) + 1; }
console.log('aliyun→aws', codes);
const codes2 = {};
const r = convert(JSON.stringify({ SecurityGroups: awsFleet().SecurityGroups.slice(0, 20) }), { to: 'aliyun', map });
for (const g of r.groups) for (const f of g.findings) codes2[`${f.code}/${f.effect}`] = (codes2[`${f.code}/${f.effect}`] ?? 0) + 1;
console.log('aws→aliyun', codes2);
const n = r.groups.find(g=>g.verdict==='narrower'); console.log(n.findings.filter(f=>f.effect==='narrower').slice(0,3));
