// Drives a safefs MCP server through the official TypeScript SDK client: initialize, list the tools, call every
// tool, check the results. usage: node all_tools.mjs WORKDIR -- SERVER_CMD [ARGS...]
// Exits 0 and prints "ok <n> tools" when every check passes; otherwise prints the failures and exits 1.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const [dir, sep, cmd, ...args] = process.argv.slice(2);
const failures = [];
const called = new Set();
const check = (cond, what) => { if (!cond) failures.push(what); };
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

const transport = new StdioClientTransport({ command: cmd, args, stderr: 'pipe' });
let stderr = '';
transport.stderr?.on('data', (d) => { stderr += d; });
const client = new Client({ name: 'safefs-it', version: '1' });
await client.connect(transport);
check(client.getServerVersion()?.name === 'safefs', 'server name is safefs');

const { tools } = await client.listTools();
const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
const expected = ['read_file', 'read_text_file', 'read_media_file', 'read_multiple_files', 'write_file',
  'edit_file', 'create_directory', 'list_directory', 'list_directory_with_sizes', 'directory_tree', 'move_file',
  'search_files', 'get_file_info', 'list_allowed_directories', 'grep', 'apply_patch', 'delete_file',
  'file_history', 'undo'];
for (const t of tools) {
  const a = t.annotations ?? {};
  check(typeof a.readOnlyHint === 'boolean' && typeof a.destructiveHint === 'boolean'
    && typeof a.idempotentHint === 'boolean', `${t.name} declares readOnly/destructive/idempotent hints`);
  check(t.inputSchema?.type === 'object', `${t.name} has an object input schema`);
}

async function call(name, a, { error = false } = {}) {
  called.add(name);
  const r = await client.callTool({ name, arguments: a });
  const text = (r.content ?? []).map((c) => c.text ?? '').join('');
  if (!!r.isError !== error) failures.push(`${name} ${JSON.stringify(a).slice(0, 120)}: isError=${!!r.isError}: ${text.slice(0, 300)}`);
  if (!error && r.content?.[0]?.type === 'text') check(r.structuredContent && typeof r.structuredContent.content === 'string', `${name} returns structured content`);
  return { r, text, s: r.structuredContent ?? {} };
}

const f = path.join(dir, 'notes.txt');
let x = await call('write_file', { path: f, content: 'alpha\nbeta\ngamma\n' });
check(x.text === `Successfully wrote to ${f}`, 'write_file text');
check(x.s.sha256 === sha('alpha\nbeta\ngamma\n'), 'write_file sha256');
check(fs.readFileSync(f, 'utf8') === 'alpha\nbeta\ngamma\n', 'write_file bytes on disk');
await call('write_file', { path: f, content: 'x', create_only: true }, { error: true });
await call('write_file', { path: f, content: 'x', expected_sha256: sha('nope') }, { error: true });
check(fs.readFileSync(f, 'utf8') === 'alpha\nbeta\ngamma\n', 'refused writes change nothing');

x = await call('read_text_file', { path: f });
check(x.text === 'alpha\nbeta\ngamma\n', 'read_text_file whole');
x = await call('read_text_file', { path: f, head: 2 });
check(x.text === 'alpha\nbeta', 'read_text_file head');
x = await call('read_text_file', { path: f, tail: 2 });
check(x.text === 'gamma\n', 'read_text_file tail (official shape)');
x = await call('read_file', { path: f });
check(x.text === 'alpha\nbeta\ngamma\n', 'read_file alias');

x = await call('edit_file', { path: f, edits: [{ oldText: 'beta', newText: 'BETA' }], dryRun: true });
check(x.text.startsWith('```diff\n') && x.text.includes('-beta') && x.text.includes('+BETA'), 'edit_file dry run diff');
check(fs.readFileSync(f, 'utf8').includes('beta'), 'dry run writes nothing');
x = await call('edit_file', { path: f, edits: [{ oldText: '  beta  ', newText: 'BETA' }] });
check(fs.readFileSync(f, 'utf8') === 'alpha\nBETA\ngamma\n', 'edit_file tolerant match applied');
check(Array.isArray(x.s.edits) && x.s.edits[0].strategy, 'edit_file names the strategy');
fs.writeFileSync(path.join(dir, 'dup.txt'), 'same\nsame\n');
x = await call('edit_file', { path: path.join(dir, 'dup.txt'), edits: [{ oldText: 'same', newText: 'other' }] }, { error: true });
check(/1/.test(x.text) && /2/.test(x.text), 'ambiguity names the lines');
await call('edit_file', { path: path.join(dir, 'dup.txt'), edits: [{ oldText: 'same', newText: 'other', replaceAll: true }] });
check(fs.readFileSync(path.join(dir, 'dup.txt'), 'utf8') === 'other\nother\n', 'replaceAll');
x = await call('edit_file', { path: f, edits: [{ oldText: 'gamma ray\nburst', newText: 'z' }] }, { error: true });

x = await call('create_directory', { path: path.join(dir, 'sub/deeper') });
check(x.text === `Successfully created directory ${path.join(dir, 'sub/deeper')}`, 'create_directory text');
check(fs.statSync(path.join(dir, 'sub/deeper')).isDirectory(), 'create_directory on disk');
fs.writeFileSync(path.join(dir, 'sub/deeper/a.csv'), 'a,b\n1,2\n');

x = await call('list_directory', { path: dir });
check(x.text.split('\n').includes('[FILE] notes.txt') && x.text.split('\n').includes('[DIR] sub'), 'list_directory');
x = await call('list_directory_with_sizes', { path: dir, sortBy: 'size' });
check(/Total: \d+ files, 1 directories/.test(x.text) && x.text.includes('Combined size:'), 'list_directory_with_sizes');
x = await call('directory_tree', { path: dir, excludePatterns: ['dup.txt'] });
const tree = JSON.parse(x.text);
check(tree.some((e) => e.name === 'sub' && e.type === 'directory' && e.children[0].name === 'deeper'), 'directory_tree');
check(!tree.some((e) => e.name === 'dup.txt'), 'directory_tree excludes');
x = await call('search_files', { path: dir, pattern: '**/*.csv' });
check(x.text === path.join(dir, 'sub/deeper/a.csv'), 'search_files');
x = await call('search_files', { path: dir, pattern: '*.nothing' });
check(x.text === 'No matches found', 'search_files none');
x = await call('get_file_info', { path: f });
check(/^size: 17\ncreated: .+\nmodified: .+\naccessed: .+\nisDirectory: false\nisFile: true\npermissions: \d{3}$/.test(x.text), 'get_file_info shape');
x = await call('list_allowed_directories', {});
check(x.text === `Allowed directories:\n${fs.realpathSync(dir)}`, 'list_allowed_directories');

fs.writeFileSync(path.join(dir, 'pixel.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
x = await call('read_media_file', { path: path.join(dir, 'pixel.png') });
check(x.r.content[0].type === 'image' && x.r.content[0].mimeType === 'image/png' && x.r.content[0].data === 'iVBORw==', 'read_media_file');
x = await call('read_multiple_files', { paths: [f, path.join(dir, 'missing.txt')] });
check(x.text.startsWith(`${f}:\nalpha\n`) && x.text.includes('\n---\n') && x.text.includes('missing.txt: Error - '), 'read_multiple_files');

x = await call('move_file', { source: path.join(dir, 'dup.txt'), destination: path.join(dir, 'sub/dup.txt') });
check(x.text === `Successfully moved ${path.join(dir, 'dup.txt')} to ${path.join(dir, 'sub/dup.txt')}`, 'move_file text');
await call('move_file', { source: f, destination: path.join(dir, 'sub/dup.txt') }, { error: true });
check(fs.existsSync(f), 'move_file refuses an existing destination');

if (byName.grep) {
  x = await call('grep', { pattern: 'BETA', path: dir });
  check(x.text.includes('notes.txt') && x.text.includes('BETA'), 'grep finds the line');
}
x = await call('apply_patch', { patch: '*** Begin Patch\n*** Update File: notes.txt\n@@\n alpha\n-BETA\n+beta again\n gamma\n*** End Patch\n' });
check(fs.readFileSync(f, 'utf8') === 'alpha\nbeta again\ngamma\n', 'apply_patch V4A');
const patchId = x.s.journalId;
check(typeof patchId === 'string', 'apply_patch is recorded');
x = await call('delete_file', { path: f });
check(!fs.existsSync(f), 'delete_file');
const deleteId = x.s.journalId;
check(typeof deleteId === 'string', 'delete_file is recorded');
x = await call('file_history', { path: f });
check(x.text.includes('delete_file') && x.text.includes('patch') && x.text.includes('edit_file') && x.text.includes('write_file'), 'file_history lists every change');
x = await call('undo', { id: deleteId });
check(fs.readFileSync(f, 'utf8') === 'alpha\nbeta again\ngamma\n', 'undo brings the deleted file back');
x = await call('undo', {});
check(!fs.existsSync(f), 'undo of the undo deletes it again');
x = await call('undo', { after: patchId });
check(fs.existsSync(f) && fs.readFileSync(f, 'utf8') === 'alpha\nbeta again\ngamma\n', 'undo after an id restores the state right after it');
check(Array.isArray(x.s.undid) && x.s.undid.length === 3, 'undo after names the operations it undid');

// an edit keeps the inode it read as the before-content (not read again): undo brings back those exact bytes
const big = path.join(dir, 'big.txt');
const bigText = Array.from({ length: 20000 }, (_, i) => `line ${i} of the big file`).join('\n') + '\n';
fs.writeFileSync(big, bigText);
x = await call('edit_file', { path: big, edits: [{ oldText: 'line 12345 of', newText: 'LINE 12345 OF' }] });
check(x.s.sha256Before === sha(bigText) && fs.readFileSync(big, 'utf8') === bigText.replace('line 12345 of', 'LINE 12345 OF'), 'edit_file of a big file');
await call('undo', { id: x.s.journalId });
check(fs.readFileSync(big, 'utf8') === bigText, 'undo of edit_file restores the bytes it read');

await call('read_text_file', { path: '/etc/passwd' }, { error: true });
await call('read_text_file', { path: path.join(dir, '../outside.txt') }, { error: true });

for (const name of expected) check(called.has(name) || !byName[name], `called ${name}`);
for (const name of expected) if (name !== 'grep') check(byName[name], `lists ${name}`);
await client.close();
if (failures.length) {
  console.log('FAILURES:\n' + failures.join('\n'));
  console.log('server stderr:\n' + stderr.slice(-3000));
  process.exit(1);
}
console.log(`ok ${tools.length} tools, ${called.size} called`);
