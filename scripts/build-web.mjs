#!/usr/bin/env node
// Bundles the dashboard's page (cli/web/app) into dist/cli/web/assets: one ES module with React,
// react-dom and uPlot inside, one stylesheet, the icon. Run by `npm run build` after tsc, so
// users of the package install no toolchain and the page needs no CDN.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const app = `${root}cli/web/app/`;
const out = `${root}dist/cli/web/assets/`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  absWorkingDir: root,
  // main.tsx imports styles.css (which imports uPlot's): esbuild writes app.js and app.css.
  entryPoints: { app: `${app}main.tsx` },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync(`${app}favicon.svg`, `${out}favicon.svg`);
