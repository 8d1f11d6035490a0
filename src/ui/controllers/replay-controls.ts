import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReplayCommand, ReplayData, ReplayStatus } from '../../protocol/events.js';
import { daemonUrl, type DaemonAddress } from '../daemon-url.js';

export interface ReplayControlsTarget {
  /** The daemon and the stream the controls act on, or null when they are off (see `enabled`). */
  target(): { address: DaemonAddress; stream: string } | null;
  /** The operator token given to the element. */
  operatorToken(): string;
  /** The replay state the stream's events last told (null: not a replay). */
  told(): ReplayData | null;
  onError(message: string): void;
}

/** Speeds the selector offers (the daemon accepts any from 0.1 to 1000). */
export const REPLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 60, 100, 1000] as const;

/** While the daemon is still indexing the file, its range is asked again this often. */
export const RANGE_RECHECK_MS = 1000;

/**
 * The operator's controls of a file replay (`controls="replay"` with an `operator-token`): pause,
 * speed and seek for every viewer of the stream, sent to `POST /api/streams/:id/replay` with the
 * token in an Authorization header (never in a URL). The state shown is the daemon's answer,
 * updated by the stream's `replay` events; while the seek bar is dragged, `scrub` is the row under
 * the pointer and nothing is sent until it is let go.
 */
export class ReplayControls implements ReactiveController {
  /** The daemon's last answer (with the range a seek may ask for). */
  status: ReplayStatus | undefined;
  /** The row under the seek bar's thumb while it is dragged. */
  scrub: number | undefined;
  private loadedFor = '';
  private recheck: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ReplayControlsTarget,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.loadedFor = '';
    clearTimeout(this.recheck);
    this.recheck = undefined;
  }

  /** What to show, merging the daemon's answer with what events told since; undefined when the controls are off. */
  view(): ReplayStatus | undefined {
    const target = this.options.target();
    const told = this.options.told();
    if (!target || !told) return undefined;
    const key = `${target.address.server} ${target.stream}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      this.status = undefined;
      void this.send(undefined);
    }
    const range = this.status?.range ?? { rows: told.position.total ?? null, from: null, to: null };
    return { ...told, range };
  }

  pause = () => void this.send({ action: 'pause' });
  resume = () => void this.send({ action: 'resume' });
  setSpeed = (speed: number) => void this.send({ speed });

  /** The thumb moved (a drag): show where it would land. */
  drag = (row: number) => {
    this.scrub = row;
    this.host.requestUpdate();
  };

  /** The thumb was let go: seek there. */
  seek = (row: number) => {
    this.scrub = undefined;
    void this.send({ seek: { row } });
  };

  private recheckRange(): void {
    if (this.recheck !== undefined) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      if (this.loadedFor) void this.send(undefined);
    }, RANGE_RECHECK_MS);
  }

  private async send(command: ReplayCommand | undefined): Promise<void> {
    const target = this.options.target();
    if (!target) return;
    // The operator token goes in the header: the viewer token (if any) is not needed on this route.
    const url = daemonUrl(
      { server: target.address.server, token: '' },
      `/api/streams/${encodeURIComponent(target.stream)}/replay`,
      location.href,
    );
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.operatorToken()}` };
    if (command) headers['Content-Type'] = 'application/json';
    try {
      const res = await fetch(url, { method: command ? 'POST' : 'GET', headers, body: command ? JSON.stringify(command) : undefined });
      const body = (await res.json().catch(() => undefined)) as ReplayStatus | { error?: { message?: string } } | undefined;
      if (!res.ok) {
        const message = body && 'error' in body ? body.error?.message : undefined;
        this.options.onError(`replay control refused (${res.status}): ${message ?? res.statusText}`);
        return;
      }
      this.status = body as ReplayStatus;
      // The range (rows, first and last times) is known once the daemon has indexed the file,
      // and no event tells when that is: ask again until it is, or the seek bar shows no times.
      if (this.status.range.rows === null) this.recheckRange();
    } catch {
      this.options.onError('replay control: the daemon cannot be reached');
    } finally {
      this.host.requestUpdate();
    }
  }
}
