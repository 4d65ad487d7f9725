// MCP roots: a client that offers roots replaces the server's command-line directories (as the official server
// does), and a roots/list_changed notification replaces them again.
// usage: node roots.mjs CLI_ROOT CLIENT_ROOT_1 CLIENT_ROOT_2 -- SERVER_CMD [ARGS...]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [cliRoot, r1, r2, sep, cmd, ...args] = process.argv.slice(2);
const failures = [];
const check = (c, what) => { if (!c) failures.push(what); };
let roots = [r1];
const client = new Client({ name: 'roots', version: '1' }, { capabilities: { roots: { listChanged: true } } });
client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots.map((r) => ({ uri: pathToFileURL(r).href, name: 'r' })) }));
await client.connect(new StdioClientTransport({ command: cmd, args, stderr: 'ignore' }));
const text = (r) => r.content.map((c) => c.text).join('');

let r = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
check(text(r) === `Allowed directories:\n${fs.realpathSync(r1)}`, `client roots replace the command line: ${text(r)}`);
r = await client.callTool({ name: 'read_text_file', arguments: { path: `${cliRoot}/cli.txt` } });
check(r.isError, 'the command-line root is no longer allowed');
r = await client.callTool({ name: 'read_text_file', arguments: { path: `${r1}/one.txt` } });
check(!r.isError && text(r) === 'one', 'the client root is allowed');

roots = [r2];
await client.sendRootsListChanged();
let ok = false;
for (let i = 0; i < 50 && !ok; i++) {
  await new Promise((res) => setTimeout(res, 100));
  r = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
  ok = text(r) === `Allowed directories:\n${fs.realpathSync(r2)}`;
}
check(ok, `roots/list_changed replaces the roots again: ${text(r)}`);
r = await client.callTool({ name: 'read_text_file', arguments: { path: `${r1}/one.txt` } });
check(r.isError, 'the old client root is no longer allowed');
await client.close();
if (failures.length) { console.log('FAILURES:\n' + failures.join('\n')); process.exit(1); }
console.log('ok roots');
