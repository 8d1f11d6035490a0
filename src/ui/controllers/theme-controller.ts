import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChartTheme } from '../chart/plotly-figure.js';

/** Default line colours (overridden by `--rg-palette`). */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * The chart's colours, read from the element's custom properties (`--rg-*`, set by its `theme`
 * or by the page), and a change of the system's colour scheme while the host is on the page
 * (`onSchemeChange`, for `theme="auto"`).
 */
export class ThemeController implements ReactiveController {
  private query: MediaQueryList | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onSchemeChange: () => void,
  ) {
    host.addController(this);
  }

  /** The colours as the element's style says now. */
  read(): ChartTheme {
    const style = getComputedStyle(this.host);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const palette = read('--rg-palette', '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    return {
      background: read('--rg-background', '#ffffff'),
      foreground: read('--rg-foreground', '#1f2933'),
      grid: read('--rg-grid', '#e4e7eb'),
      colors: palette.length > 0 ? palette : PALETTE,
      threshold: read('--rg-threshold', '#d62728'),
    };
  }

  hostConnected(): void {
    this.query = matchMedia('(prefers-color-scheme: dark)');
    this.query.addEventListener('change', this.onSchemeChange);
  }

  hostDisconnected(): void {
    this.query?.removeEventListener('change', this.onSchemeChange);
    this.query = undefined;
  }
}
