// What passes between a Kafka stream's consumer thread and the daemon's main thread. Message values
// travel packed into one transferred buffer per fetched batch (no copy across the threads, no
// object per message), with their offsets beside them.
import { isAscii } from 'node:buffer';
import type { KafkaConfig } from './config.js';
import type { HistorySeedRequest, SourceNotice } from '../types.js';

/** Length marks for values that are not carried. */
export const NULL_VALUE = -1;
export const TOO_LARGE = -2;

/** The messages of one partition from one fetch, packed. */
export interface PackedBatch {
  partition: number;
  /** The values carried, back to back. */
  bytes: Uint8Array;
  /** Byte length of each message's value, or NULL_VALUE / TOO_LARGE. */
  lengths: Int32Array;
  offsets: Float64Array;
  /** Kafka message timestamps (ms), when the stream takes its time from them. */
  timestamps?: Float64Array;
  /** Seed messages, read for the history only (see PositionedRows.backfill). */
  backfill?: boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Consumer thread → main thread. */
export type FromConsumer =
  | { type: 'batch'; batch: PackedBatch }
  | { type: 'notice'; notice: SourceNotice }
  /** Where partitions start reading (`[partition, offset]`), sent once before their first batch. */
  | { type: 'starts'; offsets: [number, number][] }
  | { type: 'reconnect' }
  | { type: 'log'; level: LogLevel; fields: Record<string, unknown>; message: string }
  /** The consumer stopped for good (after a `stop`); `error` when it failed. */
  | { type: 'end'; error?: string };

/** Main thread → consumer thread. */
export type ToConsumer =
  /** This many messages were decoded: the consumer may fetch that many more. */
  | { type: 'credit'; messages: number }
  /** The rows before these `[partition, offset]` pairs are stored: commit them to the group (with namedGroup). */
  | { type: 'commit'; offsets: [number, number][] }
  | { type: 'stop' };

/**
 * What a stream's consumer runs with: its config, its group, the history seed it reads first, the
 * `[partition, offset]` pairs it resumes from instead (then without a seed), and whether the
 * operator named the group (`namedGroup`: every consumer the stream makes joins it, and stored
 * positions are committed to it for lag tools; otherwise each joins a fresh group of its own).
 */
export type ConsumerConfig = KafkaConfig & {
  groupId: string;
  seed?: HistorySeedRequest;
  resumeFrom?: [number, number][];
  namedGroup?: boolean;
};

/** What the consumer thread is started with. */
export interface ConsumerJob {
  config: ConsumerConfig;
  withTimestamps: boolean;
}

interface FetchedMessage {
  value: Buffer | null;
  offset: string;
  timestamp: string;
}

/** Packs fetched messages; values over `maxBytes` are left out (and later counted as malformed). */
export function packBatch(partition: number, messages: readonly FetchedMessage[], maxBytes: number, withTimestamps: boolean): PackedBatch {
  const n = messages.length;
  const lengths = new Int32Array(n);
  const offsets = new Float64Array(n);
  const timestamps = withTimestamps ? new Float64Array(n) : undefined;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const value = messages[i]!.value;
    lengths[i] = value === null ? NULL_VALUE : value.length > maxBytes ? TOO_LARGE : value.length;
    if (lengths[i]! > 0) total += value!.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const message = messages[i]!;
    if (lengths[i]! > 0) {
      bytes.set(message.value!, at);
      at += lengths[i]!;
    }
    offsets[i] = Number(message.offset);
    if (timestamps) timestamps[i] = Number(message.timestamp);
  }
  return { partition, bytes, lengths, offsets, timestamps };
}

/** The buffers a batch can hand over to the other thread without copying. */
export function transferList(batch: PackedBatch): ArrayBuffer[] {
  const list = [batch.bytes.buffer, batch.lengths.buffer, batch.offsets.buffer] as ArrayBuffer[];
  if (batch.timestamps) list.push(batch.timestamps.buffer as ArrayBuffer);
  return list;
}

/**
 * Calls `each` with every message's value as text (undefined for a null, empty or too large
 * value). An all-ASCII batch (the usual JSON or CSV) is decoded once and sliced, which is much
 * cheaper than one decode per message.
 */
export function eachText(batch: PackedBatch, each: (text: string | undefined, index: number) => void): void {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const whole = isAscii(bytes) ? bytes.toString('latin1') : undefined;
  let start = 0;
  for (let i = 0; i < batch.lengths.length; i++) {
    const length = batch.lengths[i]!;
    if (length <= 0) {
      each(undefined, i);
      continue;
    }
    const end = start + length;
    each(whole !== undefined ? whole.slice(start, end) : bytes.toString('utf8', start, end), i);
    start = end;
  }
}
