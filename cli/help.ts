/**
 * The `--help` texts of `muxi`, `muxi trace` and `muxi trace stats`: every flag, with examples.
 * @module
 */

/** `muxi --help`. */
export const MAIN_HELP = `Usage: muxi <command> [options]

Commands:
  trace         print, filter and follow trace events (JSON lines)
  trace stats   statistics: events, traces, errors, latency percentiles, tokens
  trace --web   the web dashboard on the same files (also: trace --tui, the terminal viewer)

Options:
  -h, --help    show help (also: muxi trace --help, muxi trace stats --help)

Examples:
  muxi trace --file traces/app.jsonl --component agent
  muxi trace stats --file traces/app.jsonl --since 1h
  muxi trace --web --file traces/app.jsonl
`;

const INPUT = `Input (first that applies):
  --file PATH            the live file PATH plus its rotated siblings PATH.<stamp>[.n][.gz],
                         oldest first; .gz is read transparently
                           muxi trace --file traces/app.jsonl
  (standard input)       when piped or redirected
                           my-app | muxi trace --component agent
  TRACING_FILE           the environment variable, when neither of the above
                           TRACING_FILE=traces/app.jsonl muxi trace

ClickHouse (instead of files; needs the package @clickhouse/client):
  --clickhouse URL       read the table of samples/cloud/schema.sql over ClickHouse's HTTP
                         interface; user, password and database may be in the URL
                         (also TRACING_CLICKHOUSE_URL, used when no --file or piped input)
                           muxi trace --clickhouse http://localhost:8123 --ch-database muxi
  --ch-user U            user (default: from the URL, else default)
  --ch-password P        password (also TRACING_CLICKHOUSE_PASSWORD; default: from the URL)
  --ch-database D        database (default: from the URL path, else the user's default)
  --ch-table T           table (default muxi_traces)

Filters (all combine; every event must match all of them):
  --component C          exact component
                           muxi trace --component agent
  --operation O          exact operation (tool_call does not match tool_call_error)
                           muxi trace --operation tool_call
  --trace-id ID          full trace id, or a prefix of at least 4 hex digits
                           muxi trace --trace-id 4bf92f35
  --user U               exact user id
                           muxi trace --user alice
  --agent A              exact agent id
                           muxi trace --agent weather
  --level L              minimum level: TRACE DEBUG INFO WARN ERROR
                           muxi trace --level WARN
  --since T              at or after T: ISO time, or a duration ago (ms s m h d w)
                           muxi trace --since 15m
  --until T              at or before T
                           muxi trace --since 2026-05-15T10:00:00Z --until 2026-05-15T11:00:00Z
  --grep S               substring (case-sensitive) or /regex/flags over message, data, error
                           muxi trace --grep '/time(d )?out/i'
  --filter EXPR          the filter syntax shared with the viewer (also as trailing words)
                           muxi trace --filter 'component=agent data.tool=search'
                           muxi trace 'level>=WARN' weather

Filter syntax (words separated by spaces, all must match):
  field=value            exact (trace_id/span_id: full id or prefix >= 4 hex)
  field!=value           not equal
  field~=text            substring, any case
  level>=WARN            also >, <=, <; duration>100 (ms); data.usage.input_tokens>1000
  since=15m until=...    time window
  data.path=value        a value inside data, like data.tool=search
  /regex/flags           regular expression over message, data and error
  word or "a phrase"     free text, any case, over message, data and error
  Fields: component operation (op) trace_id (trace) span_id (span) parent_span_id (parent)
          user_id (user) agent_id (agent) level message (msg) duration_ms (duration)
          error since until data.<path>`;

/** `muxi trace --help`. */
export const TRACE_HELP = `Usage: muxi trace [options] [filter words...]
       muxi trace stats [options] [filter words...]

Prints matching trace events, in the text format (TRACING_FORMAT or the PRD template) or,
with --json, as the JSON lines unchanged. Lines that are not trace events are skipped and
counted on stderr at the end.

${INPUT}

Output:
  --json                 print the matching JSON lines unchanged
                           muxi trace --file app.jsonl --json | jq .message
  --format TEMPLATE      text template (default TRACING_FORMAT, else the PRD template)
                           muxi trace --format '{time:HH:mm:ss} {component}:{operation} {message}'
  --all                  also pass through lines that are not trace events
                           my-app | muxi trace --all
  Colour only when stdout is a terminal; NO_COLOR turns it off, FORCE_COLOR=1 on.

Follow:
  -f, --follow           print the last matching events, then keep following the live file
                         like tail -F (rotation, truncation, delete/recreate); Ctrl-C exits 0
                           muxi trace --follow --file traces/app.jsonl --component agent
  -n, --lines N|all      with -f, how many matching events to show first (default 10)
                           muxi trace -f --lines 100 --file traces/app.jsonl
  --poll-ms MS           with -f, poll interval in milliseconds (default 250)
                           muxi trace -f --poll-ms 100 --file traces/app.jsonl

Viewer:
  --tui                  open the interactive viewer on the same input and filters
                         (when stdout is not a terminal, prints as muxi trace would)
                           muxi trace --tui --file traces/app.jsonl

Web dashboard:
  --web                  serve the dashboard (traces, one trace as waterfall/flame/conversation,
                         analytics, live) on the same input and filters; prints its URL, serves
                         until Ctrl-C (exit 0)
                           muxi trace --web --file traces/app.jsonl
  --port N               with --web, the port (default 7318; 0 picks a free one)
  --host H               with --web, the address to listen on (default 127.0.0.1); any other
                         than a loopback address needs an access token
                           muxi trace --web --host 0.0.0.0 --file traces/app.jsonl
  --token T              with --web, the access token (16-256 of A-Z a-z 0-9 . _ ~ -); generated
                         and shown in the printed URL when --host needs one and none is given
  --open                 with --web, open the URL in the desktop's browser

  -h, --help             this help
                           muxi trace --help

Exit status: 0 on success (also after Ctrl-C while following), 1 when the input cannot be
read, 2 for a usage error (unknown flag, bad filter).
`;

/** `muxi trace stats --help`. */
export const STATS_HELP = `Usage: muxi trace stats [options] [filter words...]

Statistics of the matching events: events per component and operation, traces, errors,
latency percentiles (p50/p90/p99/max, from duration_ms) per operation, per agent
(agent:response) and per tool, and token totals per agent and model (data.usage).

${INPUT}

Output:
  --json                 the statistics as one JSON object
                           muxi trace stats --file app.jsonl --json | jq .latency.tool
  A progress line is shown on stderr for large inputs when stderr is a terminal.

  -h, --help             this help

Examples:
  muxi trace stats --file traces/app.jsonl
  muxi trace stats --file traces/app.jsonl --component agent --since 1h
`;
