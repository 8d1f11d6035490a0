declare const __RTG_VERSION__: string;
/** The package's version, set by scripts/build.mjs (a run from the TypeScript sources says 0.0.0-dev). */
export const VERSION = typeof __RTG_VERSION__ === 'string' ? __RTG_VERSION__ : '0.0.0-dev';

export const HELP = `realtime-graph ${VERSION}: streams time-series data to live charts over Server-Sent Events

Usage:
  realtime-graph [serve] [options]      run the daemon (the default command)
  realtime-graph validate <config>...   check config files or directories; exit 1 on errors
      [--data]                          also read each CSV file they replay and count its records
                                        by kind (good, ragged, invalid UTF-8, oversized,
                                        unterminated), with the first lines of each; exit 1 when
                                        a file cannot be replayed or records would be skipped
  realtime-graph backtest <config>... [--stream ID] [--file F] [--failure STATE]... [--window 24h]
      [--profile P] [--require-lead 30m] [--json | --markdown]
                                        run a recorded CSV file through a stream's pipeline at full
                                        speed and report how its alert rules warned of the failures
                                        (the starts of --failure states, BROKEN by default): lead
                                        times, misses, false alarms per day, a NAB-style score;
                                        exit 1 when a failure is warned later than --require-lead
  realtime-graph sources [--markdown]   list source types and every config field: type, default,
                                        meaning (--markdown: docs/sources.md)
  realtime-graph schema                 print the JSON Schema of config files
  realtime-graph produce <file.csv> --topic <topic> [--rate N | --speed S] [--loop]
                                        publish a CSV file to a Kafka topic at a pace
  realtime-graph produce <file.csv> --mqtt <url> --topic <topic> [--qos Q] [--retain] …
                                        … or to an MQTT broker
  realtime-graph replay <stream> [--pause | --resume] [--speed S] [--seek ROW|TIME] [--server URL]
                                        control a file replay on a running daemon, for every
                                        viewer; with no command, show its state

Options for serve:
  -c, --config <path>     config file or directory (repeatable; default: $RTG_CONFIG,
                          else ./config/default.yaml, else the bundled demo config)
  -p, --port <n>          port (default: $RTG_PORT, else the config's, else 5001)
      --host <addr>       address to bind (default: $RTG_HOST, else the config's, else 127.0.0.1)
      --data-dir <path>   directory of CSV files (default: the config's server.dataDir, else ./data)
      --log-level <lvl>   fatal, error, warn, info, debug, trace or silent
  -h, --help              show this help
  -v, --version           show the version

Options for produce:
      --topic <name>      topic to publish to (created if the broker allows it)
      --brokers <list>    host:port,… (default: $KAFKA_BROKERS, else 127.0.0.1:19092)
      --rate <n>          rows per second (default 10), or "unlimited"
      --speed <s>         instead of --rate: replay at the file's timestamps, s times faster
      --timestamp-column <name>  with --speed (default: timestamp)
      --loop              start again at the end of the file
      --format <f>        json (an object per row, the default) or csv (the line as it is)
      --mqtt <url>        publish to this MQTT broker (mqtt://host:1883, mqtts://, ws://, wss://)
                          instead of Kafka; a --topic with {column} (plant/pump1/{column})
                          publishes one message per sensor per row: the value as text, or
                          with --format json { "timestamp", "value" }
      --qos <q>           MQTT QoS 0, 1 (the default) or 2
      --retain            MQTT: the broker keeps the last message of each topic for new subscribers

Options for backtest:
      --stream <id>       the stream (default: the only CSV stream with states and alerts)
      --file <name>       another file of the data directory, with the stream's columns
      --failure <state>   a state value that is a failure (repeatable; default BROKEN)
      --window <d>        how long before a failure a firing counts as its warning (default 24h)
      --profile <p>       NAB weights: standard (default), reward-low-fp or reward-low-fn
      --require-lead <d>  exit 1 unless every failure is warned at least this long before
      --json              the report as JSON
      --markdown          the report as a Markdown table (for a README or a pull request)

Options for replay:
      --pause, --resume   stop the replay where it is, or play on from there
      --speed <s>         a factor on the configured pace, 0.1 to 1000 (10 plays ten times faster)
      --seek <row|time>   jump to a row (a whole number, 0 = the first) or to a data time
                          (2024-03-11T09:00: UTC unless it names a zone)
      --server <url>      the daemon (default: $RTG_SERVER, else http://127.0.0.1:5001)
      --token <token>     the operator token (default: $RTG_OPERATOR_TOKEN; prefer the variable:
                          a flag is visible to other users in the process list)
`;
