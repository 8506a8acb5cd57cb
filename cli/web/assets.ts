/**
 * The page's files, read once at start from the bundle `npm run build` makes
 * (`dist/cli/web/assets/`): the server answers from this map only, so nothing in a request
 * ever names a file on disk. Everything is local (no CDN): the dashboard works offline.
 * @module
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One asset: its bytes and content type. */
export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where the bundle is: beside this module once built, or in `dist/` when running from source. */
function assetDir(): string | undefined {
  for (const rel of ['./assets/', '../../dist/cli/web/assets/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir + 'app.js')) return dir;
  }
  return undefined;
}

/**
 * The assets by URL path (`/assets/app.js`, ...) and the page itself at `/`.
 * @throws Error saying to run `npm run build` when the bundle is missing.
 */
export function loadAssets(): Map<string, Asset> {
  const dir = assetDir();
  if (dir === undefined) throw new Error("the dashboard's page is not built (run 'npm run build')");
  const map = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (type !== undefined) map.set(`/assets/${name}`, { body: readFileSync(dir + name), type });
  }
  map.set('/', { body: Buffer.from(PAGE), type: 'text/html; charset=utf-8' });
  return map;
}

/** The page: the app's script and styles, nothing inline (the Content-Security-Policy allows none). */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>muxi trace</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<div id="root"></div>
<noscript>The muxi trace dashboard needs JavaScript.</noscript>
</body>
</html>
`;
