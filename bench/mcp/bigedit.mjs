// One big file, many edits: the same official TypeScript SDK client calls edit_file on a 27 MB file of 600,000 lines
// N times (one line changed each time) and prints the median and fastest call. Run by bench/mcp/bigedit.sh.
// usage: node bigedit.mjs DIR N -- SERVER_CMD [ARGS...]   (from a directory whose node_modules holds the MCP SDK)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs';
const [dir, n, , ...cmd] = process.argv.slice(2);
fs.mkdirSync(dir, { recursive: true });
const f = `${dir}/big.txt`;
fs.writeFileSync(f, Array.from({ length: 600000 }, (_, i) => `line ${i} of a big source file, fifty bytes`).join('\n') + '\n');
const client = new Client({ name: 'b', version: '1' });
await client.connect(new StdioClientTransport({ command: cmd[0], args: cmd.slice(1), stderr: 'ignore' }));
const times = [];
for (let i = 0; i < +n; i++) {
  const t = performance.now();
  const r = await client.callTool({ name: 'edit_file', arguments: { path: f, edits: [{ oldText: `line ${1000 * i + 7} of`, newText: `LINE ${1000 * i + 7} OF` }] } });
  if (r.isError) throw new Error(JSON.stringify(r.content));
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`size ${fs.statSync(f).size} edits ${n} median ${times[n >> 1].toFixed(1)} ms min ${times[0].toFixed(1)} ms`);
await client.close();
