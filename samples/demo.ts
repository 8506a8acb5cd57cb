/**
 * `npm run demo`: a short scripted conversation with the demo MUXI app. The PRD §7 flow is
 * printed to the terminal (text format) and written as JSON lines to a rotating file.
 */
import { tracer } from 'muxi-tracing';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.env['TRACING_FILE'] || join(root, 'samples', '.traces', 'demo.jsonl');
const serverFile = join(dirname(file), 'mcp-server.jsonl');
mkdirSync(dirname(file), { recursive: true });
tracer.configure({ file, fileMaxSize: process.env['TRACING_FILE_MAX_SIZE'] || '256K', fileMaxFiles: 3 });

const conversation: Array<[string, string]> = [
  ['alice', "What's the weather in Paris?"],
  ['bob', 'Please calculate 12 * (3 + 4)'],
  ['alice', 'Are there any weather alerts for Tokyo?'],
  ['alice', 'And the weather in London?'],
];

const app = await createApp({ serverEnv: { TRACING_FILE: serverFile, TRACING_STDOUT: 'false' } });
const show = (p: string): string => {
  const rel = relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? p : rel;
};
try {
  console.log(`MUXI demo: agents weather and math; MCP server tools: ${app.tools.join(', ')}\n`);
  for (const [user, message] of conversation) {
    console.log(`${user}> ${message}`);
    const answer = await app.orchestrator.chat(message, user);
    await tracer.flush();
    console.log(`muxi> ${answer}\n`);
  }
} finally {
  await app.close();
  await tracer.shutdown();
}
console.log(`Trace events written to ${show(file)} (the MCP server's own events: ${show(serverFile)}).`);
console.log(`View them with: npx muxi trace --file ${show(file)}`);
console.log(`  in the terminal viewer:  npx muxi trace --tui --file ${show(file)}`);
console.log(`  in the web dashboard:    npx muxi trace --web --file ${show(file)}`);
