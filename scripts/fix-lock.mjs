#!/usr/bin/env node
// Keeps package-lock.json valid for `npm ci` when the registry in use lacks some of chdb's
// optional platform packages (@chdb/lib-*): `npm install` then leaves them out of the lock, and
// `npm ci` refuses a lock that misses an optional dependency. This adds an entry for each missing
// one, marked with its os/cpu so npm never fetches it on another platform. Idempotent.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const chdb = lock.packages?.['node_modules/chdb'];
if (!chdb) process.exit(0);
const platform = (name) => {
  const m = /lib-(darwin|linux)-(arm64|x64)(-gnu)?$/.exec(name);
  return m ? { cpu: [m[2]], os: [m[1]], libc: m[3] ? ['glibc'] : undefined } : undefined;
};
const packages = {};
let added = 0;
for (const [key, value] of Object.entries(lock.packages)) {
  if (key === 'node_modules/chdb') {
    for (const [dep, version] of Object.entries(chdb.optionalDependencies ?? {})) {
      const k = `node_modules/${dep}`;
      const p = platform(dep);
      if (lock.packages[k] || !p) continue;
      packages[k] = { version, cpu: p.cpu, dev: true, ...(p.libc ? { libc: p.libc } : {}), license: chdb.license, optional: true, os: p.os };
      added++;
    }
  }
  packages[key] = value;
}
if (added > 0) {
  lock.packages = packages;
  writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
}
console.log(`fix-lock: ${added} missing optional chdb platform entr${added === 1 ? 'y' : 'ies'} added`);
