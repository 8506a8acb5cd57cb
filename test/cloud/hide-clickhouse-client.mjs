// Loaded with `node --import` by a test: makes `@clickhouse/client` unresolvable, as on an
// install without the optional peer dependency (the hooks run in their own thread).
import { register } from 'node:module';

register(new URL('./hide-clickhouse-client-hooks.mjs', import.meta.url));
