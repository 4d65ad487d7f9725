// The per-call floor of bench/mcp/run.sh: the same client and transport as mcp_bench.mjs, calling the cheapest tool
// (list_allowed_directories: no file touched) CALLS times in a row. What one call costs a given server with no work.
// usage: node floor.mjs CALLS -- SERVER_CMD [ARGS...]    (from a directory whose node_modules holds the MCP SDK)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [callsArg, , cmd, ...args] = process.argv.slice(2);
const calls = +callsArg;
const client = new Client({ name: 'floor', version: '1' });
await client.connect(new StdioClientTransport({ command: cmd, args, stderr: 'ignore' }));
for (let i = 0; i < 200; i++) await client.callTool({ name: 'list_allowed_directories', arguments: {} }); // warm-up
const t0 = performance.now();
for (let i = 0; i < calls; i++) {
  const r = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
  if (r.isError) throw new Error(JSON.stringify(r.content));
}
const s = (performance.now() - t0) / 1000;
console.log(`calls=${calls} seconds=${s.toFixed(3)} calls_per_s=${(calls / s).toFixed(0)}`);
await client.close();
