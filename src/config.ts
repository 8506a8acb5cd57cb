/**
 * Configuration: every `TRACING_*` environment variable, read and validated once, plus the
 * programmatic form. Bad values throw {@link TracingConfigError} naming the setting.
 * @module
 */
import { TracingConfigError } from './errors.js';
import type { Level, TraceEvent } from './event.js';
import { isLevel, LEVELS } from './event.js';
import { compileTemplate } from './format/template.js';

/** The PRD §5.2 text template, the default stdout format. */
export const DEFAULT_TEMPLATE =
  '[{time:YYYY-MM-DD HH:mm:ss.SSS}] | {level: <8} | {trace_id} | {component}:{operation} - {message}';

/** A custom formatter: turns one event into one line (without the trailing newline). */
export type Formatter = (event: TraceEvent) => string;

/**
 * The whole configuration. Every field has a default; see the README's configuration table.
 */
export interface TracingConfig {
  /** Master switch (`TRACING_ENABLED`, default `true`). When false, every call is a no-op. */
  enabled: boolean;
  /** Write to stdout (`TRACING_STDOUT`, default `true`). */
  stdout: boolean;
  /** Stdout format: `'json'` or a template (`TRACING_FORMAT`, default the PRD template). */
  format: string;
  /** A custom stdout formatter; overrides `format` (programmatic only). */
  formatter?: Formatter;
  /** Minimum level (`TRACING_LEVEL`, default `TRACE`). */
  level: Level;
  /** Components to keep; empty keeps all (`TRACING_COMPONENTS`, default empty). */
  components: string[];
  /** Head-sampling probability per trace, 0..1 (`TRACING_SAMPLE_RATE`, default 1). */
  sampleRate: number;
  /** JSON-lines file path (`TRACING_FILE`, default unset = no file). */
  file?: string;
  /** Rotate when the file reaches this size, like `10M` (`TRACING_FILE_MAX_SIZE`, default `10M`). */
  fileMaxSize: string;
  /** Also rotate on this interval, like `1d` (`TRACING_FILE_INTERVAL`, default unset). */
  fileInterval?: string;
  /** Rotated files kept (`TRACING_FILE_MAX_FILES`, default 10). */
  fileMaxFiles: number;
  /** Compress rotated files (`TRACING_FILE_COMPRESS`, `gzip` or `none`, default `gzip`). */
  fileCompress: 'gzip' | 'none';
  /**
   * A signal that makes the file sink reopen the file at once, for logrotate's `postrotate`
   * (`TRACING_FILE_REOPEN_SIGNAL`: `SIGHUP`, `SIGUSR1` or `SIGUSR2`; default unset = off).
   */
  fileReopenSignal?: ReopenSignal;
  /** A registered sink name or a module specifier (`TRACING_EXTERNAL_SINK`, default unset). */
  externalSink?: string;
  /** Redact secrets before any sink sees an event (`TRACING_REDACT`, default `true`). */
  redact: boolean;
  /** Extra key names to redact, case-insensitive (`TRACING_REDACT_KEYS`, comma list, default none). */
  redactKeys: string[];
  /** Extra patterns whose matches in strings are redacted (programmatic only, default none). */
  redactPatterns: RegExp[];
  /** Longest string kept in `message`/`data`, in bytes (`TRACING_MAX_STRING_BYTES`, default 8192). */
  maxStringBytes: number;
  /** Largest serialized `data`, in bytes (`TRACING_MAX_DATA_BYTES`, default 65536). */
  maxDataBytes: number;
  /** Bytes a sink may hold before dropping new events (`TRACING_QUEUE_MAX_BYTES`, default 16M). */
  queueMaxBytes: number;
  /** Write every line before the call returns (`TRACING_SYNC`, default `false`). */
  sync: boolean;
  /** Longest wait for a sink's flush/close, in ms (`TRACING_FLUSH_TIMEOUT_MS`, default 5000). */
  flushTimeoutMs: number;
}

/** The signals `TRACING_FILE_REOPEN_SIGNAL` accepts. */
export const REOPEN_SIGNALS = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;
/** A signal `TRACING_FILE_REOPEN_SIGNAL` accepts. */
export type ReopenSignal = (typeof REOPEN_SIGNALS)[number];

/** The defaults, as documented in the README. */
export function defaultConfig(): TracingConfig {
  return {
    enabled: true,
    stdout: true,
    format: DEFAULT_TEMPLATE,
    level: 'TRACE',
    components: [],
    sampleRate: 1,
    fileMaxSize: '10M',
    fileMaxFiles: 10,
    fileCompress: 'gzip',
    redact: true,
    redactKeys: [],
    redactPatterns: [],
    maxStringBytes: 8192,
    maxDataBytes: 65536,
    queueMaxBytes: 16 * 1024 * 1024,
    sync: false,
    flushTimeoutMs: 5000,
  };
}

/** Map from option name to environment variable. */
export const ENV_NAMES = {
  enabled: 'TRACING_ENABLED',
  stdout: 'TRACING_STDOUT',
  format: 'TRACING_FORMAT',
  level: 'TRACING_LEVEL',
  components: 'TRACING_COMPONENTS',
  sampleRate: 'TRACING_SAMPLE_RATE',
  file: 'TRACING_FILE',
  fileMaxSize: 'TRACING_FILE_MAX_SIZE',
  fileInterval: 'TRACING_FILE_INTERVAL',
  fileMaxFiles: 'TRACING_FILE_MAX_FILES',
  fileCompress: 'TRACING_FILE_COMPRESS',
  fileReopenSignal: 'TRACING_FILE_REOPEN_SIGNAL',
  externalSink: 'TRACING_EXTERNAL_SINK',
  redact: 'TRACING_REDACT',
  redactKeys: 'TRACING_REDACT_KEYS',
  maxStringBytes: 'TRACING_MAX_STRING_BYTES',
  maxDataBytes: 'TRACING_MAX_DATA_BYTES',
  queueMaxBytes: 'TRACING_QUEUE_MAX_BYTES',
  sync: 'TRACING_SYNC',
  flushTimeoutMs: 'TRACING_FLUSH_TIMEOUT_MS',
} as const satisfies Partial<Record<keyof TracingConfig, string>>;

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(?:([KMG])(?:i?B)?|B)?$/i;
const INTERVAL_RE = /^(\d+)([smhdM])$/;

/**
 * Parses a size like `10M`, `512K`, `1G`, `10MB`, `1.5GiB` or `2048` (bytes; units are
 * powers of 1024) to a whole number of bytes; undefined if invalid or not positive.
 */
export function parseSize(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = SIZE_RE.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const mult = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  const bytes = Math.floor(n * mult);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Parses an interval like `30s`, `15m`, `12h`, `1d` or `1M` (month); undefined if invalid or zero. */
export function parseInterval(value: string): { n: number; unit: 's' | 'm' | 'h' | 'd' | 'M' } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INTERVAL_RE.exec(value.trim());
  if (!m || Number(m[1]) <= 0) return undefined;
  return { n: Number(m[1]), unit: m[2] as 's' | 'm' | 'h' | 'd' | 'M' };
}

function parseBool(setting: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  throw new TracingConfigError(setting, raw, 'true/false (also 1/0, yes/no, on/off)');
}

function parseIntSetting(setting: string, raw: string, min: number): number {
  const v = raw.trim();
  if (!/^\d+$/.test(v) || Number(v) < min) throw new TracingConfigError(setting, raw, `an integer >= ${min}`);
  return Number(v);
}

function parseList(raw: string): string[] {
  // "".split(",") is [""], which is not "all components": drop empty items.
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * Reads the `TRACING_*` variables from `env` over the defaults. Unset or empty variables keep
 * their default (an empty `TRACING_COMPONENTS` means all components).
 * @throws TracingConfigError on the first invalid value.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<TracingConfig> {
  const out: Partial<TracingConfig> = {};
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  let v: string | undefined;
  if ((v = get(ENV_NAMES.enabled)) !== undefined) out.enabled = parseBool(ENV_NAMES.enabled, v);
  if ((v = get(ENV_NAMES.stdout)) !== undefined) out.stdout = parseBool(ENV_NAMES.stdout, v);
  if ((v = get(ENV_NAMES.format)) !== undefined) out.format = v;
  if ((v = get(ENV_NAMES.level)) !== undefined) {
    const up = v.trim().toUpperCase();
    if (!isLevel(up)) throw new TracingConfigError(ENV_NAMES.level, v, `one of ${LEVELS.join(', ')}`);
    out.level = up;
  }
  if ((v = env[ENV_NAMES.components]) !== undefined) out.components = parseList(v);
  if ((v = get(ENV_NAMES.sampleRate)) !== undefined) {
    const n = Number(v.trim());
    if (!/^\s*[\d.eE+-]+\s*$/.test(v) || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new TracingConfigError(ENV_NAMES.sampleRate, v, 'a number from 0 to 1');
    }
    out.sampleRate = n;
  }
  if ((v = get(ENV_NAMES.file)) !== undefined) out.file = v.trim();
  if ((v = get(ENV_NAMES.fileMaxSize)) !== undefined) out.fileMaxSize = v.trim();
  if ((v = get(ENV_NAMES.fileInterval)) !== undefined) out.fileInterval = v.trim();
  if ((v = get(ENV_NAMES.fileMaxFiles)) !== undefined) out.fileMaxFiles = parseIntSetting(ENV_NAMES.fileMaxFiles, v, 1);
  if ((v = get(ENV_NAMES.fileCompress)) !== undefined) out.fileCompress = v.trim().toLowerCase() as 'gzip';
  if ((v = get(ENV_NAMES.fileReopenSignal)) !== undefined) {
    const up = v.trim().toUpperCase();
    const sig = up.startsWith('SIG') ? up : `SIG${up}`;
    if (up === 'OFF' || up === 'NONE') out.fileReopenSignal = undefined;
    else if ((REOPEN_SIGNALS as readonly string[]).includes(sig)) out.fileReopenSignal = sig as ReopenSignal;
    else throw new TracingConfigError(ENV_NAMES.fileReopenSignal, v, `one of ${REOPEN_SIGNALS.join(', ')} (or off)`);
  }
  if ((v = get(ENV_NAMES.externalSink)) !== undefined) out.externalSink = v.trim();
  if ((v = get(ENV_NAMES.redact)) !== undefined) out.redact = parseBool(ENV_NAMES.redact, v);
  if ((v = env[ENV_NAMES.redactKeys]) !== undefined) out.redactKeys = parseList(v);
  if ((v = get(ENV_NAMES.maxStringBytes)) !== undefined) out.maxStringBytes = parseIntSetting(ENV_NAMES.maxStringBytes, v, 16);
  if ((v = get(ENV_NAMES.maxDataBytes)) !== undefined) out.maxDataBytes = parseIntSetting(ENV_NAMES.maxDataBytes, v, 64);
  if ((v = get(ENV_NAMES.queueMaxBytes)) !== undefined) {
    const n = parseSize(v);
    if (n === undefined) throw new TracingConfigError(ENV_NAMES.queueMaxBytes, v, 'a size like 16M, 512K or 1048576');
    out.queueMaxBytes = n;
  }
  if ((v = get(ENV_NAMES.sync)) !== undefined) out.sync = parseBool(ENV_NAMES.sync, v);
  if ((v = get(ENV_NAMES.flushTimeoutMs)) !== undefined) out.flushTimeoutMs = parseIntSetting(ENV_NAMES.flushTimeoutMs, v, 1);
  return validateConfig(out, true);
}

/**
 * Validates a partial configuration (programmatic or from the environment) and returns it.
 * Errors name the environment variable when `fromEnv`, else the option name.
 */
export function validateConfig(c: Partial<TracingConfig>, fromEnv = false): Partial<TracingConfig> {
  const name = (k: keyof TracingConfig): string =>
    fromEnv && k in ENV_NAMES ? ENV_NAMES[k as keyof typeof ENV_NAMES] : k;
  const bool = (k: keyof TracingConfig): void => {
    if (c[k] !== undefined && typeof c[k] !== 'boolean') throw new TracingConfigError(name(k), c[k], 'true or false');
  };
  bool('enabled'); bool('stdout'); bool('redact'); bool('sync');
  if (c.level !== undefined && !isLevel(c.level)) throw new TracingConfigError(name('level'), c.level, `one of ${LEVELS.join(', ')}`);
  if (c.sampleRate !== undefined && (typeof c.sampleRate !== 'number' || !(c.sampleRate >= 0 && c.sampleRate <= 1))) {
    throw new TracingConfigError(name('sampleRate'), c.sampleRate, 'a number from 0 to 1');
  }
  if (c.format !== undefined && (typeof c.format !== 'string' || c.format.trim() === '')) {
    throw new TracingConfigError(name('format'), c.format, "'json' or a non-empty template such as " + JSON.stringify(DEFAULT_TEMPLATE));
  }
  // A template is compiled here once so that its errors name the setting the user set.
  if (c.format !== undefined && c.format.trim().toLowerCase() !== 'json') compileTemplate(c.format, { setting: name('format') });
  if (c.formatter !== undefined && typeof c.formatter !== 'function') throw new TracingConfigError('formatter', c.formatter, 'a function (event) => string');
  if (c.components !== undefined && (!Array.isArray(c.components) || c.components.some((x) => typeof x !== 'string'))) {
    throw new TracingConfigError(name('components'), c.components, 'a list of component names');
  }
  if (c.components) c.components = c.components.map((s) => s.trim()).filter((s) => s !== '');
  if (c.file !== undefined && (typeof c.file !== 'string' || c.file === '')) throw new TracingConfigError(name('file'), c.file, 'a file path');
  if (c.fileMaxSize !== undefined && (typeof c.fileMaxSize !== 'string' || parseSize(c.fileMaxSize) === undefined)) {
    throw new TracingConfigError(name('fileMaxSize'), c.fileMaxSize, 'a size like 10M, 512K, 1G or 1048576B');
  }
  if (c.fileInterval !== undefined && parseInterval(c.fileInterval) === undefined) {
    throw new TracingConfigError(name('fileInterval'), c.fileInterval, 'a number and a unit s, m, h, d or M (month), like 1d or 12h');
  }
  const int = (k: keyof TracingConfig, min: number): void => {
    const x = c[k];
    if (x !== undefined && (typeof x !== 'number' || !Number.isInteger(x) || x < min)) throw new TracingConfigError(name(k), x, `an integer >= ${min}`);
  };
  int('fileMaxFiles', 1); int('maxStringBytes', 16); int('maxDataBytes', 64); int('queueMaxBytes', 1024); int('flushTimeoutMs', 1);
  if (c.fileCompress !== undefined && c.fileCompress !== 'gzip' && c.fileCompress !== 'none') {
    throw new TracingConfigError(name('fileCompress'), c.fileCompress, "'gzip' or 'none'");
  }
  if (c.fileReopenSignal !== undefined && !(REOPEN_SIGNALS as readonly unknown[]).includes(c.fileReopenSignal)) {
    throw new TracingConfigError(name('fileReopenSignal'), c.fileReopenSignal, `one of ${REOPEN_SIGNALS.join(', ')}`);
  }
  if (c.externalSink !== undefined && (typeof c.externalSink !== 'string' || c.externalSink === '')) {
    throw new TracingConfigError(name('externalSink'), c.externalSink, 'a registered sink name or a module specifier');
  }
  if (c.redactKeys !== undefined && (!Array.isArray(c.redactKeys) || c.redactKeys.some((x) => typeof x !== 'string'))) {
    throw new TracingConfigError(name('redactKeys'), c.redactKeys, 'a list of key names');
  }
  if (c.redactPatterns !== undefined && (!Array.isArray(c.redactPatterns) || c.redactPatterns.some((x) => !(x instanceof RegExp)))) {
    throw new TracingConfigError('redactPatterns', c.redactPatterns, 'a list of RegExp');
  }
  return c;
}

/** Keys a programmatic config may set. */
export const CONFIG_KEYS = Object.keys(defaultConfig()).concat(['file', 'fileInterval', 'fileReopenSignal', 'externalSink', 'formatter']);
