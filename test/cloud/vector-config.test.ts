/**
 * Structure checks of the shipped Vector configurations (Vector itself is not installable here):
 * they parse, their components are wired source → transform → sink, every setting has a default,
 * and what they write matches the shipped schema.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EVENT_FIELDS } from '../../src/event.js';

// js-yaml comes with mocha (it reads .mocharc.yml); no dependency of our own.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Component { type: string; inputs?: string[]; [k: string]: unknown }
interface VectorConfig { data_dir?: string; sources: Record<string, Component>; transforms: Record<string, Component>; sinks: Record<string, Component> }

const read = (name: string): string => readFileSync(new URL(`../../samples/cloud/${name}`, import.meta.url), 'utf8');
const load = (name: string): VectorConfig => yaml.load(read(name)) as VectorConfig;

/** The value Vector would use for `${VAR:-default}` with VAR unset. */
const withDefaults = (s: string): string => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

/** Columns of a CREATE TABLE in schema.sql, with their types. */
function schemaColumns(table: string): Map<string, string> {
  const sql = read('schema.sql');
  const start = sql.indexOf(`CREATE TABLE IF NOT EXISTS ${table}\n(`);
  expect(start, `CREATE TABLE ${table}`).to.be.greaterThan(-1);
  const body = sql.slice(sql.indexOf('(', start) + 1, sql.indexOf('\n)', start));
  const cols = new Map<string, string>();
  for (const line of body.split('\n')) {
    const m = /^\s+([a-z_]+)\s+(.+?),?\s*$/.exec(line);
    if (m && m[1] !== 'INDEX') cols.set(m[1]!, m[2]!);
  }
  return cols;
}

for (const [file, sourceType] of [['vector.yaml', 'file'], ['vector-stdin.yaml', 'stdin']] as const) {
  describe(`cloud: samples/cloud/${file}`, () => {
    const cfg = load(file);

    it(`reads JSON lines with a ${sourceType} source`, () => {
      const sources = Object.values(cfg.sources);
      expect(sources.map((s) => s.type)).to.deep.equal([sourceType]);
      if (sourceType === 'file') {
        const include = (sources[0]!.include as string[]).map(withDefaults);
        expect(include).to.deep.equal(['/var/log/muxi/traces.jsonl']);
      }
    });

    it('wires every input to a component that exists, and the sink back to the source', () => {
      const all = { ...cfg.sources, ...cfg.transforms, ...cfg.sinks };
      for (const [id, c] of Object.entries({ ...cfg.transforms, ...cfg.sinks })) {
        expect(c.inputs, id).to.be.an('array').with.length.greaterThan(0);
        for (const i of c.inputs!) expect(all, `${id} input ${i}`).to.have.property(i);
      }
      const reaches = (id: string): boolean => id in cfg.sources || (all[id]?.inputs ?? []).some(reaches);
      for (const id of Object.keys(cfg.sinks)) expect(reaches(id), id).to.equal(true);
    });

    it('parses with remap, drops non-events, and encodes the object fields as JSON text', () => {
      const [remap] = Object.values(cfg.transforms);
      expect(remap!.type).to.equal('remap');
      expect(remap!.drop_on_error).to.equal(true);
      expect(remap!.drop_on_abort).to.equal(true);
      const src = remap!.source as string;
      expect(src).to.include('parse_json(');
      // data and error are objects in the JSON line and String columns in the schema.
      const cols = schemaColumns('muxi_traces');
      for (const f of ['data', 'error']) {
        expect(cols.get(f)).to.match(/^String\b/);
        expect(src).to.include(`if exists(.${f}) { .${f} = encode_json(.${f}) }`);
      }
    });

    it('writes to ClickHouse tables of the shipped schema, skipping unknown fields, ISO timestamps', () => {
      const [sink] = Object.values(cfg.sinks);
      expect(sink!.type).to.equal('clickhouse');
      expect(sink!.skip_unknown_fields).to.equal(true);
      expect(sink!.date_time_best_effort).to.equal(true);
      expect(sink!.format).to.equal('json_each_row');
      expect(withDefaults(sink!.table as string)).to.equal('muxi_traces_buffer');
      expect(read('schema.sql')).to.match(/CREATE TABLE IF NOT EXISTS muxi_traces_buffer AS muxi_traces\s+ENGINE = Buffer\(currentDatabase\(\), muxi_traces,/);
      for (const k of ['endpoint', 'database', 'table']) expect(sink![k], k).to.match(/^\$\{CLICKHOUSE_[A-Z]+:-[^}]+\}$/);
      expect(sink!.batch).to.deep.include({ max_events: 10000, timeout_secs: 5 });
    });

    it('names a column for every field the tracer writes', () => {
      const cols = schemaColumns('muxi_traces');
      for (const f of EVENT_FIELDS) expect(cols.has(f), f).to.equal(true);
      expect(cols.get('timestamp')).to.equal("DateTime64(3, 'UTC')");
      expect(cols.get('duration_ms')).to.equal('Nullable(Float64)');
    });

    it('gives every environment setting a default, so it starts with none set', () => {
      const refs = read(file).match(/\$\{[^}]*\}/g) ?? [];
      expect(refs.length).to.be.greaterThan(0);
      for (const r of refs) expect(r).to.match(/^\$\{[A-Z_]+:-[^}]*\}$/);
    });
  });
}

describe('cloud: the two Vector configurations', () => {
  it('share the same transform and sink, so they cannot drift apart', () => {
    const a = load('vector.yaml');
    const b = load('vector-stdin.yaml');
    const strip = (c: VectorConfig): unknown => JSON.parse(JSON.stringify({ t: c.transforms, s: c.sinks }).replace(/"muxi_(file|stdin)"/g, '"SRC"'));
    expect(strip(a)).to.deep.equal(strip(b));
  });
});
