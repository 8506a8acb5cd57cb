/**
 * `npm run bench -- --soak [--conversations N]`: a long run, not a test. N whole MUXI
 * conversations (default 1,000,000) through the three mixins, written to a file that rotates by
 * size and is gzipped, yielding to the event loop every 100 conversations as a server does
 * between requests. Every `N/20` conversations it samples RSS, heap used, open file descriptors
 * (`/proc/self/fd`), active handles and requests, and the files on disk; the verdict is whether
 * the figures are flat after warm-up: no growth in descriptors or handles, RSS within 20 MB of
 * its level after 100,000 conversations.
 *
 * Runs in a child of its own (`soak-child.js`) configured from the environment, as an app is.
 * @module
 */

/** One sample. */
export interface SoakSample {
  conversations: number;
  seconds: number;
  rssMB: number;
  heapUsedMB: number;
  fds: number;
  handles: number;
  files: number;
  diskMB: number;
}

/** What the child reports. */
export interface SoakResult {
  conversations: number;
  events: number;
  samples: SoakSample[];
  lost: number;
}

const f1 = (x: number): string => x.toFixed(1);

/** The Markdown section, with the verdict. */
export function renderSoak(r: SoakResult): string {
  const out = ['## Soak: 1,000,000 conversations through the mixins, rotation and gzip', ''];
  out.push(`${r.conversations.toLocaleString('en-US')} conversations (${r.events.toLocaleString('en-US')} events) through the mixins into a JSON-lines file rotating at 10 MiB, 5 rotated files kept, gzip on; the loop yields to the event loop every 100 conversations. ${r.lost} events lost.`, '');
  out.push('| conversations | seconds | RSS MB | heap used MB | open fds | handles | files on disk | disk MB |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.samples) out.push(`| ${s.conversations.toLocaleString('en-US')} | ${s.seconds.toFixed(0)} | ${f1(s.rssMB)} | ${f1(s.heapUsedMB)} | ${s.fds} | ${s.handles} | ${s.files} | ${f1(s.diskMB)} |`);
  const base = r.samples.find((s) => s.conversations >= Math.min(100_000, r.conversations / 10)) ?? r.samples[0]!;
  const after = r.samples.filter((s) => s.conversations >= base.conversations);
  const rssMax = Math.max(...after.map((s) => s.rssMB));
  const rssMin = Math.min(...after.map((s) => s.rssMB));
  const fdGrowth = Math.max(...after.map((s) => s.fds)) - base.fds;
  const handleGrowth = Math.max(...after.map((s) => s.handles)) - base.handles;
  const flat = rssMax - base.rssMB <= 20 && fdGrowth <= 2 && handleGrowth <= 2 && r.lost === 0;
  out.push('', `After ${base.conversations.toLocaleString('en-US')} conversations: RSS ${f1(base.rssMB)} MB, then between ${f1(rssMin)} and ${f1(rssMax)} MB (at most +${f1(rssMax - base.rssMB)} MB; target within 20 MB); open descriptors grew by ${fdGrowth}, handles by ${handleGrowth}. Verdict: **${flat ? 'flat' : 'NOT flat'}**.`);
  return out.join('\n');
}

/** `md` with its section under `heading` (up to the next `## `) replaced by `section`, or with `section` appended. */
export function replaceSection(md: string, heading: string, section: string): string {
  const at = md.indexOf(heading);
  if (at < 0) return md.trimEnd() + '\n\n' + section.trim() + '\n';
  const next = md.indexOf('\n## ', at + heading.length);
  return md.slice(0, at) + section.trim() + '\n' + (next < 0 ? '' : md.slice(next));
}

/** The soak section's heading (kept in RESULTS.md across full runs). */
export const SOAK_HEADING = '## Soak:';
