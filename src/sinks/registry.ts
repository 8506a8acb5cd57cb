/**
 * The sink registry: names to factories, and loading `TRACING_EXTERNAL_SINK`
 * (a registered name or a module specifier whose default export is a factory).
 * @module
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { TracingConfig } from '../config.js';
import { TracingConfigError } from '../errors.js';
import type { Sink, SinkFactory } from './types.js';

const factories = new Map<string, SinkFactory>();

/**
 * Registers a sink factory under `name`. Returns an unregister function (idempotent: it only
 * removes this registration, and only once).
 *
 * @example
 * ```ts
 * const off = registerSink('audit', (config) => ({ name: 'audit', write: (e) => audit.push(e) }));
 * // TRACING_EXTERNAL_SINK=audit now selects it
 * off();
 * ```
 */
export function registerSink(name: string, factory: SinkFactory): () => void {
  if (typeof name !== 'string' || name.trim() === '') throw new TracingConfigError('registerSink(name)', name, 'a non-empty string');
  if (typeof factory !== 'function') throw new TracingConfigError('registerSink(factory)', factory, 'a function (config) => Sink | Promise<Sink>');
  factories.set(name, factory);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (factories.get(name) === factory) factories.delete(name);
  };
}

/** The factory registered under `name`, if any. */
export function registeredSink(name: string): SinkFactory | undefined {
  return factories.get(name);
}

/** Names currently registered. */
export function registeredSinkNames(): string[] {
  return [...factories.keys()];
}

function isSink(x: unknown): x is Sink {
  return x !== null && typeof x === 'object' && typeof (x as Sink).write === 'function';
}

/**
 * Makes the sink named by `spec`: a registered name, else a module specifier (package name,
 * `file:` URL, absolute or `./relative` path from the working directory) whose default export
 * is a factory.
 * @throws TracingConfigError when it can't be loaded or doesn't make a sink.
 */
export async function loadSink(spec: string, config: TracingConfig, setting = 'TRACING_EXTERNAL_SINK'): Promise<Sink> {
  const allowed = `a registered sink name (${registeredSinkNames().join(', ') || 'none registered'}) or a module whose default export is a sink factory`;
  let factory = factories.get(spec);
  if (!factory) {
    const url = spec.startsWith('.') || isAbsolute(spec) ? pathToFileURL(resolve(spec)).href : spec;
    let mod: { default?: unknown };
    try {
      mod = (await import(url)) as { default?: unknown };
    } catch (err) {
      throw new TracingConfigError(setting, spec, allowed, `could not load it: ${(err as Error).message}`);
    }
    if (typeof mod.default !== 'function') throw new TracingConfigError(setting, spec, allowed, 'the module has no default-exported factory function');
    factory = mod.default as SinkFactory;
  }
  let sink: unknown;
  try {
    sink = await factory(config);
  } catch (err) {
    throw new TracingConfigError(setting, spec, allowed, `its factory threw: ${(err as Error).message}`);
  }
  if (!isSink(sink)) throw new TracingConfigError(setting, spec, allowed, 'its factory did not return an object with write(event)');
  return sink;
}
