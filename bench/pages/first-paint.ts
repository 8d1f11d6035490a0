// Injected into the first-paint pages before any of their scripts (Playwright addInitScript). On
// every animation frame from the first, looks for the Plotly charts of the page (in every shadow
// root) and notes, for each, the first frame at which its first line reaches back `spanMs` before
// its newest point (within two pixel columns of the plot): the frame that shows the chart drawn
// with its history. The page is done at the frame where `charts` charts are.

export interface FirstPaintConfig {
  charts: number;
  spanMs: number;
}

export interface FirstPaintResult {
  /** performance.now() (ms from the navigation's start) of each chart's frame, in the order they got there. */
  drawnAt: number[];
  /** The frame at which every chart was drawn, or null. */
  doneAt: number | null;
  /** Plotly charts found on the page. */
  found: number;
}

interface PlotDiv extends HTMLElement {
  data?: { x?: unknown[] }[];
  _fullLayout?: { xaxis?: { _length?: number } };
}

declare global {
  interface Window {
    __firstPaintConfig: FirstPaintConfig;
    __firstPaint: { result(): FirstPaintResult };
  }
}

const config = window.__firstPaintConfig;
const drawn = new Map<PlotDiv, number>();
let found = 0;
let doneAt: number | null = null;

function plots(root: ParentNode, into: PlotDiv[]): PlotDiv[] {
  // Not inside SVG: a chart's own SVG has thousands of nodes, and no chart or shadow root.
  for (const el of root.querySelectorAll('*:not(svg):not(svg *)')) {
    if (el.classList.contains('js-plotly-plot')) into.push(el as PlotDiv);
    if (el.shadowRoot) plots(el.shadowRoot, into);
  }
  return into;
}

/** Epoch ms of a Plotly x value (a Date, a number, or a date string: the page runs in UTC). */
function ms(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'string') return Date.parse(value.includes('Z') ? value : `${value.replace(' ', 'T')}Z`);
  return Number(value);
}

function reachesBack(plot: PlotDiv): boolean {
  const x = plot.data?.[0]?.x ?? [];
  let first = Number.NaN;
  let last = Number.NaN;
  for (let i = 0; i < x.length && Number.isNaN(first); i++) first = ms(x[i]);
  for (let i = x.length - 1; i >= 0 && Number.isNaN(last); i--) last = ms(x[i]);
  const width = plot._fullLayout?.xaxis?._length ?? 0;
  if (!(width > 0) || !(last > first)) return false;
  return last - first >= config.spanMs - (2 * config.spanMs) / width;
}

const onFrame = () => {
  const now = performance.now();
  const onPage = plots(document, []);
  found = onPage.length;
  for (const plot of onPage) if (!drawn.has(plot) && reachesBack(plot)) drawn.set(plot, now);
  if (drawn.size >= config.charts) doneAt = now;
  else requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);

window.__firstPaint = {
  result: () => ({ drawnAt: [...drawn.values()].sort((a, b) => a - b), doneAt, found }),
};
