import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RateMeter } from '../rate-meter.js';

/**
 * The figures of the status badge that move by themselves: rows per second (RateMeter) and the
 * lag of rows not drawn yet. The shown rate changes at once when it is first known or moves a
 * lot; otherwise once a second (`onTick`, while the host is on the page).
 */
export class StatusMeter implements ReactiveController {
  /** Rows per second as shown, to one decimal; 0 while not measured. */
  rowsPerSecond = 0;
  private readonly rates: RateMeter;
  /** When the oldest row not drawn yet arrived (0: none waiting). */
  private waitingSince = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly onTick: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rates = new RateMeter(now);
    host.addController(this);
  }

  /** `rows` rows arrived in one event; true when the shown rate changed. */
  arrived(rows: number): boolean {
    this.rates.record(rows);
    if (this.waitingSince === 0) this.waitingSince = this.now();
    const rate = this.measured();
    if (rate === null || (this.rowsPerSecond !== 0 && Math.abs(rate - this.rowsPerSecond) < Math.max(0.5, this.rowsPerSecond / 10)))
      return false;
    this.rowsPerSecond = rate;
    return true;
  }

  /** Every row that arrived is drawn. */
  drawn(): void {
    this.waitingSince = 0;
  }

  /** Ms since the oldest of `pending` rows not drawn yet arrived. */
  lag(pending: number): number {
    return pending > 0 && this.waitingSince > 0 ? Math.round(this.now() - this.waitingSince) : 0;
  }

  /**
   * Measures again: after a new connection, or a page that was busy (which keeps the figure
   * shown until the new one is known), or when the stream is not live (which drops it).
   */
  restart({ keepFigure = false } = {}): void {
    this.rates.restart();
    if (!keepFigure) this.rowsPerSecond = 0;
  }

  /** Keeps the shown rate in step (it falls when rows stop). */
  update(): void {
    const rate = this.measured();
    if (rate !== null) this.rowsPerSecond = rate;
  }

  hostConnected(): void {
    this.ticker ??= setInterval(() => {
      this.update();
      this.onTick();
    }, 1000);
  }

  hostDisconnected(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private measured(): number | null {
    const rate = this.rates.rate();
    return rate === null ? null : Math.round(rate * 10) / 10;
  }
}
