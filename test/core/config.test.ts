/**
 * Configuration: every TRACING_* variable read and validated once; every bad value throws a
 * TracingConfigError naming the variable, the value and what is allowed.
 */
import { expect } from 'chai';
import { MemorySink, Tracer, TracingConfigError, defaultConfig } from '../../src/index.js';
import { configFromEnv, parseSize } from '../../src/config.js';
import { isolated } from '../helpers/delay.js';
import { runNodeSnippet } from '../helpers/run-node.js';


function configError(fn: () => unknown): TracingConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(TracingConfigError);
    return err as TracingConfigError;
  }
  throw new Error('expected a TracingConfigError');
}

describe('core: config', () => {
  describe('environment errors', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['TRACING_LEVEL', 'LOUD', /one of TRACE, DEBUG, INFO, WARN, ERROR/],
      ['TRACING_SAMPLE_RATE', '2', /a number from 0 to 1/],
      ['TRACING_SAMPLE_RATE', '-0.1', /a number from 0 to 1/],
      ['TRACING_SAMPLE_RATE', 'half', /a number from 0 to 1/],
      ['TRACING_ENABLED', 'maybe', /true\/false/],
      ['TRACING_STDOUT', 'sometimes', /true\/false/],
      ['TRACING_REDACT', 'nah', /true\/false/],
      ['TRACING_SYNC', '2', /true\/false/],
      ['TRACING_FILE_MAX_SIZE', 'lots', /a size like 10M/],
      ['TRACING_FILE_MAX_SIZE', '0', /a size like 10M/],
      ['TRACING_FILE_INTERVAL', 'daily', /a number and a unit s, m, h, d or M/],
      ['TRACING_FILE_INTERVAL', '0d', /a number and a unit/],
      ['TRACING_FILE_MAX_FILES', 'ten', /an integer >= 1/],
      ['TRACING_FILE_MAX_FILES', '0', /an integer >= 1/],
      ['TRACING_FILE_COMPRESS', 'zip', /'gzip' or 'none'/],
      ['TRACING_FORMAT', '{time} {nope}', /unknown field \{nope\}/],
      ['TRACING_FORMAT', '{level', /balanced braces/],
      ['TRACING_FORMAT', 'level} x', /balanced braces/],
      ['TRACING_FORMAT', '{level:wide}', /alignment/],
      ['TRACING_MAX_STRING_BYTES', '1', /an integer >= 16/],
      ['TRACING_MAX_DATA_BYTES', 'big', /an integer >= 64/],
      ['TRACING_QUEUE_MAX_BYTES', 'lots', /a size like 16M/],
      ['TRACING_FLUSH_TIMEOUT_MS', '-5', /an integer >= 1/],
    ];
    for (const [name, value, allowed] of cases) {
      it(`${name}=${value} throws naming the variable, the value and what is allowed`, () => {
        const err = configError(() => configFromEnv({ [name]: value }));
        expect(err.setting).to.equal(name);
        expect(err.value).to.equal(value);
        expect(err.message).to.include(name).and.include(JSON.stringify(value)).and.match(allowed);
        // The same through a Tracer reading that environment.
        const err2 = configError(() => new Tracer({ env: { [name]: value }, stdout: false }));
        expect(err2.setting).to.equal(name);
      });
    }

    it('accepts the documented forms', () => {
      const c = configFromEnv({
        TRACING_ENABLED: 'off', TRACING_STDOUT: '1', TRACING_LEVEL: 'debug', TRACING_SAMPLE_RATE: '0.25',
        TRACING_FILE: '/tmp/x.jsonl', TRACING_FILE_MAX_SIZE: '10MB', TRACING_FILE_INTERVAL: '12h',
        TRACING_FILE_MAX_FILES: '3', TRACING_FILE_COMPRESS: 'NONE', TRACING_FORMAT: 'json',
        TRACING_EXTERNAL_SINK: 'otel', TRACING_REDACT_KEYS: 'ssn, pin', TRACING_QUEUE_MAX_BYTES: '1M',
      });
      expect(c).to.deep.include({
        enabled: false, stdout: true, level: 'DEBUG', sampleRate: 0.25, file: '/tmp/x.jsonl', fileMaxSize: '10MB',
        fileInterval: '12h', fileMaxFiles: 3, fileCompress: 'none', format: 'json', externalSink: 'otel',
        queueMaxBytes: 1024 * 1024,
      });
      expect(c.redactKeys).to.deep.equal(['ssn', 'pin']);
      expect(parseSize('10M')).to.equal(10 * 1024 * 1024);
      expect(parseSize('512K')).to.equal(512 * 1024);
      expect(parseSize('1.5G')).to.equal(1.5 * 1024 ** 3);
      expect(parseSize('2048')).to.equal(2048);
      expect(parseSize('lots')).to.equal(undefined);
    });

    it('keeps defaults for unset and empty variables', () => {
      expect(configFromEnv({})).to.deep.equal({});
      const c = configFromEnv({ TRACING_LEVEL: '', TRACING_SAMPLE_RATE: ' ', TRACING_FORMAT: '' });
      expect(c).to.not.have.any.keys('level', 'sampleRate', 'format');
      expect(defaultConfig()).to.deep.include({ enabled: true, stdout: true, level: 'TRACE', sampleRate: 1, components: [] });
    });
  });

  describe('TRACING_COMPONENTS', () => {
    const emitAll = (t: Tracer): void => {
      isolated(() => {
        t.userMessage('hi', 'u');
        t.orchestratorRoute('hi', 'a1');
        t.agentProcessing('a1');
        t.trace('mcp', 'tool_call', 'x');
        t.agentResponse('a1', 'ok');
        t.orchestratorResponse('ok');
      });
    };

    it('empty means all components (not [""])', () => {
      expect(configFromEnv({ TRACING_COMPONENTS: '' }).components).to.deep.equal([]);
      expect(configFromEnv({ TRACING_COMPONENTS: ' , ' }).components).to.deep.equal([]);
      const mem = new MemorySink();
      emitAll(new Tracer({ env: { TRACING_COMPONENTS: '' }, stdout: false, sinks: [mem] }));
      expect(mem.names()).to.deep.equal(['user:message', 'orchestrator:route', 'agent:process_start', 'mcp:tool_call', 'agent:response', 'orchestrator:response']);
    });

    it('"agent, user" keeps only those components', () => {
      expect(configFromEnv({ TRACING_COMPONENTS: 'agent, user' }).components).to.deep.equal(['agent', 'user']);
      const mem = new MemorySink();
      emitAll(new Tracer({ env: { TRACING_COMPONENTS: 'agent, user' }, stdout: false, sinks: [mem] }));
      expect(mem.names()).to.deep.equal(['user:message', 'agent:process_start', 'agent:response']);
    });
  });

  describe('programmatic configure()', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['level', 'LOUD', /one of TRACE/],
      ['sampleRate', 2, /from 0 to 1/],
      ['sampleRate', Number.NaN, /from 0 to 1/],
      ['enabled', 'yes', /true or false/],
      ['fileMaxSize', 'lots', /a size like/],
      ['fileInterval', 'weekly', /a unit/],
      ['fileMaxFiles', 1.5, /an integer >= 1/],
      ['fileCompress', 'brotli', /'gzip' or 'none'/],
      ['format', '{bogus}', /unknown field/],
      ['format', '', /non-empty template/],
      ['formatter', 'not a function', /a function/],
      ['components', 'agent', /a list of component names/],
      ['redactPatterns', ['x'], /RegExp/],
      ['maxDataBytes', 10, /an integer >= 64/],
      ['levle', 'INFO', /a configuration key/],
    ];
    for (const [key, value, allowed] of cases) {
      it(`configure({${key}: ${JSON.stringify(value)}}) throws and changes nothing`, () => {
        const t = new Tracer({ env: false, stdout: false });
        const before = t.config;
        const err = configError(() => t.configure({ [key]: value } as never));
        expect(err.setting).to.equal(key);
        expect(err.message).to.include(key).and.match(allowed);
        expect(t.config).to.deep.equal(before);
        // The constructor checks the same.
        expect(configError(() => new Tracer({ env: false, stdout: false, [key]: value } as never)).setting).to.equal(key);
      });
    }

    it('values that JSON cannot write still give a TracingConfigError', () => {
      const t = new Tracer({ env: false, stdout: false });
      expect(configError(() => t.configure({ sampleRate: 2n } as never)).message).to.include('sampleRate=2 is invalid');
      const cyclic: unknown[] = [];
      cyclic.push(cyclic);
      expect(configError(() => t.configure({ components: cyclic } as never)).setting).to.equal('components');
      expect(configError(() => t.configure({ level: Symbol('x') } as never)).message).to.include('Symbol(x)');
    });

    it('applies a valid change at run time', () => {
      const mem = new MemorySink();
      const t = new Tracer({ env: false, stdout: false, sinks: [mem] });
      t.configure({ level: 'WARN' });
      isolated(() => {
        t.trace('app', 'low', 'dropped', { level: 'INFO' });
        t.trace('app', 'high', 'kept', { level: 'ERROR' });
      });
      expect(mem.names()).to.deep.equal(['app:high']);
      expect(t.config.level).to.equal('WARN');
    });
  });

  describe('importing the package with a bad environment', () => {
    for (const [name, value] of [['TRACING_LEVEL', 'LOUD'], ['TRACING_SAMPLE_RATE', '2']] as const) {
      it(`fails with TracingConfigError naming ${name}`, () => {
        const code = "import('./src/index.ts').then(() => { console.log('loaded'); }, (e) => { console.log(e.name + ': ' + e.message); process.exitCode = 3; })";
        const r = runNodeSnippet(code, { [name]: value });
        expect(r.stdout, r.stderr).to.include('TracingConfigError').and.include(name).and.include(value);
        expect(r.status).to.equal(3);
      });
    }

    it('loads with a good environment', () => {
      const code = "import('./src/index.ts').then((m) => { console.log('loaded', m.tracer.config.level); })";
      const r = runNodeSnippet(code, { TRACING_LEVEL: 'info', TRACING_STDOUT: 'false' });
      expect(r.stdout, r.stderr).to.include('loaded INFO');
      expect(r.status).to.equal(0);
    });
  });
});
