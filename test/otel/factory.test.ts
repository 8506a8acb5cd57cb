/**
 * `TRACING_EXTERNAL_SINK=otel` on the process-wide tracer, in a real subprocess: the built-in
 * name is registered before the singleton reads the environment, spans reach the SDK the app
 * registered, and without `@opentelemetry/api` the sink fails with a clear TracingConfigError.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const INDEX = pathToFileURL(new URL('../../src/index.ts', import.meta.url).pathname).href;
// The scripts live in a temp dir, so packages are given as resolved URLs.
const API = import.meta.resolve('@opentelemetry/api');
const SDK = import.meta.resolve('@opentelemetry/sdk-trace-base');

const WITH_SDK = `
import * as api from ${JSON.stringify(API)};
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from ${JSON.stringify(SDK)};
const exporter = new InMemorySpanExporter();
api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
const { tracer } = await import(${JSON.stringify(INDEX)});
await tracer.ready();
tracer.userMessage('hi', 'u1');
tracer.orchestratorResponse('hello');
await tracer.flush();
console.log(JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes['gen_ai.conversation.id'] === tracer.currentTraceId()])));
`;

const WITHOUT_API = `
const { tracer } = await import(${JSON.stringify(INDEX)});
try { await tracer.ready(); console.log('loaded'); } catch (e) { console.log(e.name + ': ' + e.message); }
`;

const HOOKS = `
export async function resolve(spec, ctx, next) {
  if (spec === '@opentelemetry/api') throw Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(spec, ctx);
}
`;

describe('otel sink through TRACING_EXTERNAL_SINK (subprocess)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-otel-'));
    writeFileSync(join(dir, 'with-sdk.mjs'), WITH_SDK);
    writeFileSync(join(dir, 'without-api.mjs'), WITHOUT_API);
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'no-api.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const env = { ...process.env, TRACING_EXTERNAL_SINK: 'otel', TRACING_STDOUT: 'false' };

  it('hands the singleton tracer spans to the globally registered SDK', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(dir, 'with-sdk.mjs')], { env, cwd: process.cwd() });
    expect(JSON.parse(stdout.trim())).to.deep.equal([['invoke_workflow orchestrator', true]]);
  });

  it('fails with a TracingConfigError naming the setting when @opentelemetry/api is missing', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--import', join(dir, 'no-api.mjs'), join(dir, 'without-api.mjs')], { env, cwd: process.cwd() });
    expect(stdout).to.match(/^TracingConfigError: TRACING_EXTERNAL_SINK="otel" is invalid/);
    expect(stdout).to.include('npm install @opentelemetry/api');
    expect(stderr).to.include('muxi-tracing: external sink');
  });
});
