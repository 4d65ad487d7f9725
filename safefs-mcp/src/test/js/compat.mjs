// The same scripted sequence of calls against two servers (the official filesystem server and safefs), each on its
// own copy of the same tree; results compared tool by tool. usage:
//   node compat.mjs OFFICIAL_ROOT SAFEFS_ROOT -- OFFICIAL_CMD ARGS... -- SAFEFS_CMD ARGS...
// The roots must hold identical content. Prints one line per call ("same", or what differs); exits 1 on a mismatch.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs';

const argv = process.argv.slice(2);
const [rootA, rootB] = [fs.realpathSync(argv[0]), fs.realpathSync(argv[1])];
const cut1 = argv.indexOf('--');
const cut2 = argv.indexOf('--', cut1 + 1);
const cmdA = argv.slice(cut1 + 1, cut2);
const cmdB = argv.slice(cut2 + 1);

async function connect(cmd) {
  const t = new StdioClientTransport({ command: cmd[0], args: cmd.slice(1), stderr: 'ignore' });
  const c = new Client({ name: 'compat', version: '1' });
  await c.connect(t);
  return c;
}
const A = await connect(cmdA);
const B = await connect(cmdB);

// Calls with {R} for the root; the same relative operations on both sides.
const seq = [
  ['list_allowed_directories', {}],
  ['write_file', { path: '{R}/a.txt', content: 'one\ntwo\nthree\nfour\n' }],
  ['write_file', { path: '{R}/b.md', content: '# Title\n\nbody text\n' }],
  ['read_text_file', { path: '{R}/a.txt' }],
  ['read_text_file', { path: '{R}/a.txt', head: 2 }],
  ['read_text_file', { path: '{R}/a.txt', tail: 2 }],
  ['read_text_file', { path: '{R}/a.txt', head: 10 }],
  ['read_file', { path: '{R}/b.md' }],
  ['read_text_file', { path: 'a.txt' }],
  ['read_multiple_files', { paths: ['{R}/a.txt', '{R}/b.md'] }],
  ['edit_file', { path: '{R}/a.txt', edits: [{ oldText: 'two', newText: 'TWO' }], dryRun: true }],
  ['edit_file', { path: '{R}/a.txt', edits: [{ oldText: 'three\nfour', newText: '3\n4' }] }],
  ['read_text_file', { path: '{R}/a.txt' }],
  ['create_directory', { path: '{R}/d1/d2' }],
  ['create_directory', { path: '{R}/d1' }],
  ['write_file', { path: '{R}/d1/d2/deep.csv', content: 'x,y\n' }],
  ['write_file', { path: '{R}/d1/top.csv', content: 'x,y\n1,2\n' }],
  ['list_directory', { path: '{R}' }],
  ['list_directory', { path: '{R}/d1' }],
  ['list_directory_with_sizes', { path: '{R}' }],
  ['list_directory_with_sizes', { path: '{R}', sortBy: 'size' }],
  ['directory_tree', { path: '{R}' }],
  ['directory_tree', { path: '{R}', excludePatterns: ['d2'] }],
  ['search_files', { path: '{R}', pattern: '**/*.csv' }],
  ['search_files', { path: '{R}', pattern: '*.txt' }],
  ['search_files', { path: '{R}', pattern: '**/*.csv', excludePatterns: ['d1/d2/**'] }],
  ['search_files', { path: '{R}', pattern: '*.none' }],
  ['get_file_info', { path: '{R}/a.txt' }],
  ['get_file_info', { path: '{R}/d1' }],
  ['move_file', { source: '{R}/b.md', destination: '{R}/d1/b.md' }],
  ['move_file', { source: '{R}/a.txt', destination: '{R}/d1/b.md' }],
  ['read_media_file', { path: '{R}/pic.png' }],
  ['read_media_file', { path: '{R}/blob.bin' }],
  ['list_directory', { path: '{R}/d1' }],
  // errors: both must refuse
  ['read_text_file', { path: '/etc/passwd' }],
  ['read_text_file', { path: '{R}/../escape.txt' }],
  ['read_text_file', { path: '{R}/missing.txt' }],
  ['write_file', { path: '{R}/nodir/x.txt', content: 'x' }],
  ['edit_file', { path: '{R}/d1/top.csv', edits: [{ oldText: 'not there', newText: 'x' }] }],
  ['read_text_file', { path: '{R}/a.txt', head: 1, tail: 1 }],
];

const sub = (v, root) => JSON.parse(JSON.stringify(v).replaceAll('{R}', root));
const norm = (s, root) => s.replaceAll(root, '<ROOT>');
const sortLines = (s) => s.split('\n').sort().join('\n');
function sortTree(t) { t.sort((x, y) => x.name.localeCompare(y.name)); for (const e of t) if (e.children) sortTree(e.children); return t; }

function shape(name, a, text) {
  switch (name) {
    case 'list_directory': case 'search_files': return sortLines(text);
    case 'list_directory_with_sizes': {
      const [entries, summary] = text.split('\n\n');
      return (a.sortBy === 'size' ? entries.split('\n').map((l) => l.replace(/\s+$/, '')).sort().join('\n') : entries) + '\n\n' + summary;
    }
    case 'directory_tree': return JSON.stringify(sortTree(JSON.parse(text)), null, 2);
    case 'get_file_info': return text.replace(/: [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d{4} [\d:]{8} GMT[+-]\d{4} \([^)]*\)/g, ': <DATE>');
    case 'edit_file': return text.split('\n').filter((l) => /^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l)).join('\n');
    case 'read_media_file': return text;
    default: return text;
  }
}

fs.writeFileSync(`${rootA}/pic.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
fs.writeFileSync(`${rootB}/pic.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
fs.writeFileSync(`${rootA}/blob.bin`, Buffer.from([0, 1, 2, 255]));
fs.writeFileSync(`${rootB}/blob.bin`, Buffer.from([0, 1, 2, 255]));

let mismatches = 0;
for (const [name, args] of seq) {
  const ra = await A.callTool({ name, arguments: sub(args, rootA) });
  const rb = await B.callTool({ name, arguments: sub(args, rootB) });
  const ta = norm((ra.content ?? []).map((c) => c.text ?? JSON.stringify({ ...c, resource: c.resource && { ...c.resource, uri: norm(c.resource.uri, rootA) } })).join(''), rootA);
  const tb = norm((rb.content ?? []).map((c) => c.text ?? JSON.stringify({ ...c, resource: c.resource && { ...c.resource, uri: norm(c.resource.uri, rootB) } })).join(''), rootB);
  let verdict;
  if (!!ra.isError !== !!rb.isError) verdict = `DIFFERENT isError: official=${!!ra.isError} safefs=${!!rb.isError}\n  official: ${ta.slice(0, 200)}\n  safefs:   ${tb.slice(0, 200)}`;
  else if (ra.isError) verdict = 'same (both refuse)';
  else if (shape(name, args, ta) === shape(name, args, tb)) verdict = 'same';
  else verdict = `DIFFERENT text\n  official: ${JSON.stringify(shape(name, args, ta)).slice(0, 400)}\n  safefs:   ${JSON.stringify(shape(name, args, tb)).slice(0, 400)}`;
  if (verdict.startsWith('DIFFERENT')) mismatches++;
  console.log(`${name} ${JSON.stringify(args).slice(0, 80)}: ${verdict}`);
}
// the trees must match byte for byte
const tree = (r) => { const out = []; const walk = (d, p) => { for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name < y.name ? -1 : 1)) { const rel = p + e.name; if (e.isDirectory()) { out.push(rel + '/'); walk(`${d}/${e.name}`, rel + '/'); } else out.push(rel + ' ' + fs.readFileSync(`${d}/${e.name}`).toString('base64')); } }; walk(r, ''); return out.join('\n'); };
if (tree(rootA) !== tree(rootB)) { mismatches++; console.log('DIFFERENT trees after the sequence:\n' + tree(rootA) + '\n---\n' + tree(rootB)); }
else console.log('trees after the sequence: same');
await A.close(); await B.close();
console.log(mismatches ? `${mismatches} mismatches` : `compatible: ${seq.length} calls`);
process.exit(mismatches ? 1 : 0);
