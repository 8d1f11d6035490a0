// How source counters appear on /metrics. A plugin declares its counters (name → spec) and the
// metrics module exports them all, whatever the plugin: sources that count the same thing share a
// metric, so one dashboard query covers them.

/** A counter of a source: the metric it adds to, that metric's help, and the labels it carries. */
export interface CounterSpec {
  metric: string;
  help: string;
  labels?: Readonly<Record<string, string>>;
}

export const MALFORMED: CounterSpec = {
  metric: 'rtg_source_malformed_total',
  help: 'Malformed or oversized messages skipped by message sources (Kafka, MQTT), current runs.',
};

export const RECONNECTS: CounterSpec = {
  metric: 'rtg_source_reconnects_total',
  help: 'Reconnections of sources to their upstream (Kafka brokers, MQTT brokers), current runs.',
};

export const MESSAGES: CounterSpec = {
  metric: 'rtg_source_messages_total',
  help: 'Messages received by message sources (Kafka, MQTT), current runs.',
};

export const SEEDED: CounterSpec = {
  metric: 'rtg_source_seeded_total',
  help: "Messages read from the upstream's retained log at the start of a run to seed the history (Kafka history.seedFromTopic), current runs.",
};

export const DUPLICATES: CounterSpec = {
  metric: 'rtg_source_duplicates_total',
  help: 'Redelivered messages dropped because their message id was already seen (MQTT), current runs.',
};

export const IGNORED: CounterSpec = {
  metric: 'rtg_source_ignored_total',
  help: "Messages that carry none of the stream's columns (MQTT: on no subscribed topic, e.g. a leftover subscription of a persistent session, or with no configured column), current runs.",
};

/** Damaged records of a file source, by kind. */
export function badRows(kind: string): CounterSpec {
  return {
    metric: 'rtg_source_bad_rows_total',
    help:
      'Damaged CSV records, current runs, by kind: ragged (a wrong number of cells; kept, with gaps), invalid_utf8 ' +
      '(kept, as U+FFFD), oversized (longer than maxRecordBytes; skipped), unterminated (a quote open at the end; skipped).',
    labels: { kind },
  };
}
