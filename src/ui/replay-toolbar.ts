import { html } from 'lit';
import type { ReplayStatus } from '../protocol/events.js';
import { REPLAY_SPEEDS, type ReplayControls } from './controllers/replay-controls.js';

/**
 * The data time at a row of the seek bar: interpolated between the file's first and last times
 * (exact for evenly spaced rows, close otherwise); empty without a time column.
 */
export function timeAtRow(status: ReplayStatus, row: number): string {
  const { rows, from, to } = status.range;
  if (!rows || !from || !to) return '';
  const start = Date.parse(from);
  const end = Date.parse(to);
  const at = rows <= 1 ? start : start + ((end - start) * row) / (rows - 1);
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** Pause / Resume of the replay (for every viewer), the speed selector, and the seek bar with the data time. */
export function renderReplayControls(status: ReplayStatus, controls: ReplayControls) {
  const paused = status.state === 'paused';
  const rows = status.range.rows ?? status.position.total ?? 0;
  const row = controls.scrub ?? status.position.row;
  const speeds = REPLAY_SPEEDS.includes(status.speed as (typeof REPLAY_SPEEDS)[number])
    ? REPLAY_SPEEDS
    : [...REPLAY_SPEEDS, status.speed].sort((a, b) => a - b);
  const time = timeAtRow(status, row);
  return html`<span class="replay-controls" role="group" aria-label="Replay control (every viewer)">
    <button
      part="button replay-pause-button"
      title=${paused ? 'Play the replay on, for every viewer' : 'Pause the replay for every viewer'}
      @click=${paused ? controls.resume : controls.pause}
    >
      ${paused ? 'Resume replay' : 'Pause replay'}
    </button>
    <select part="speed-select" aria-label="Replay speed" @change=${(e: Event) => controls.setSpeed(Number((e.target as HTMLSelectElement).value))}>
      ${speeds.map((s) => html`<option value=${s} ?selected=${s === status.speed}>×${s}</option>`)}
    </select>
    <input
      type="range"
      part="seek-bar"
      aria-label="Replay position"
      aria-valuetext=${time ? `row ${row}, ${time}` : `row ${row}`}
      min="0"
      max=${Math.max(0, rows - 1)}
      .value=${String(row)}
      ?disabled=${rows === 0}
      @input=${(e: Event) => controls.drag(Number((e.target as HTMLInputElement).value))}
      @change=${(e: Event) => controls.seek(Number((e.target as HTMLInputElement).value))}
    />
    <span class="seek-time" part="seek-time">${time}</span>
  </span>`;
}
