/**
 * `node payloads-child.js <result.json>`: measures the payload shapes (see `payloads.ts`) in a
 * process of its own (the shapes allocate hundreds of megabytes) and writes the rows as JSON.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { measurePayloads } from './payloads.js';

const [resultFile = ''] = process.argv.slice(2);
measurePayloads().then((rows) => writeFileSync(resultFile, JSON.stringify(rows)), (err: unknown) => {
  process.stderr.write(`payloads child failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
