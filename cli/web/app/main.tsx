/**
 * The page's entry: mounts the app (bundled by `scripts/build-web.mjs` into
 * `dist/cli/web/assets/app.js`).
 * @module
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
