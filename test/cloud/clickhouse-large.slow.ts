/**
 * About a million generated events (`large-set.ts`) through the ClickHouse source (chdb behind
 * the HTTP harness) and through the file source: the same events in the same order, the same
 * statistics (`muxi trace stats --json`, the real bin), the same trace lists and trace trees.
 * Slow (minutes): run with `npm run test:clickhouse-large`, not in `npm test`.
 */
import { expect } from 'chai';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openClickHouseSource } from '../../src/reader/clickhouse-source.js';
import { openFileSource } from '../../src/reader/file-source.js';
import { runBin } from '../cli/run-bin.js';
import { DB } from './ch-fixture.js';
import type { LargeSet } from './large-set.js';
import { buildLargeSet } from './large-set.js';

const MB = Number(process.env['MUXI_CH_LARGE_MB'] ?? 360);

describe('cloud: a million events, ClickHouse source versus file source', function () {
  this.timeout(1_800_000);
  let dir: string;
  let set: LargeSet;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'muxi-ch-large-'));
    set = await buildLargeSet(dir, MB);
  });
  after(async () => {
    await set?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`holds at least ${MB >= 360 ? '1,000,000' : 'the generated'} events`, () => {
    if (MB >= 360) expect(set.events).to.be.at.least(1_000_000);
    expect(Number(set.session.query(`SELECT count() FROM ${DB}.muxi_traces`, 'CSV').trim())).to.equal(set.events);
  });

  it('muxi trace stats --json: the same figures (real bin)', async () => {
    const env = { TZ: 'UTC' };
    const a = await runBin(['trace', 'stats', '--json', '--clickhouse', set.http.url, '--ch-database', DB], { env });
    const b = await runBin(['trace', 'stats', '--json', '--file', set.file], { env });
    expect(a.code, a.stderr).to.equal(0);
    expect(b.code, b.stderr).to.equal(0);
    expect(JSON.parse(a.stdout)).to.deep.equal(JSON.parse(b.stdout));
    expect((JSON.parse(a.stdout) as { events: number }).events).to.equal(set.events);
  });

  it('the same events, line for line, in the same order', async () => {
    const ch = openClickHouseSource({ url: set.http.url, database: DB });
    const lines = createInterface({ input: createReadStream(set.file), crlfDelay: Infinity })[Symbol.asyncIterator]();
    let n = 0;
    let mismatch: string | undefined;
    try {
      await ch.events({}, async (items) => {
        for (const it of items) {
          const want = (await lines.next()).value as string | undefined;
          if (mismatch === undefined && (it.kind !== 'event' || it.line !== want)) mismatch = `line ${n + 1}: ${it.kind === 'event' ? it.line : ''} != ${want}`;
          n++;
        }
      });
    } finally {
      await ch.close();
    }
    expect(mismatch).to.equal(undefined);
    expect(n).to.equal(set.events);
  });

  it('the same trace lists and trace trees', async () => {
    const ch = openClickHouseSource({ url: set.http.url, database: DB });
    const file = openFileSource({ input: { kind: 'file', path: set.file } });
    try {
      await file.ready(); // the whole file indexed (a list asked for earlier holds the traces read so far)
      for (const q of [{ limit: 100 }, { sort: 'events' as const, limit: 50 }, { sort: 'duration_ms' as const, order: 'asc' as const, limit: 50, offset: 1000 }, { errorsOnly: true, limit: 20 }]) {
        const a = await ch.traces(q);
        const b = await file.traces(q);
        expect({ t: a.traces, n: a.total, f: a.facets }, JSON.stringify(q)).to.deep.equal({ t: b.traces, n: b.total, f: b.facets });
      }
      const ids = (await file.traces({ sort: 'events', limit: 40 })).traces.map((t) => t.trace_id)
        .concat((await file.traces({ sort: 'trace_id', limit: 40 })).traces.map((t) => t.trace_id));
      for (const id of ids) expect(await ch.trace(id), id).to.deep.equal(await file.trace(id));
    } finally {
      await ch.close();
      await file.close();
    }
  });
});
