export {}; // a module: its names stay local

// The naive way to draw a live stream, as the reference of the rendering benchmark: its own
// EventSource on the same stream and one Plotly.extendTraces call per received row.
interface PlotlyGlobal {
  newPlot(element: HTMLElement, data: object[], layout: object, config: object): Promise<unknown>;
  extendTraces(element: HTMLElement, update: { x: unknown[][]; y: unknown[][] }, indices: number[], maxPoints: number): Promise<unknown>;
}
declare const Plotly: PlotlyGlobal;

interface Meta {
  time: string;
  columns: { name: string; type: string }[];
}

const params = new URLSearchParams(location.search);
const stream = params.get('stream') ?? '';
const windowPoints = Number(params.get('window') ?? 10_000);
const chart = document.getElementById('chart')!;
let meta: Meta | undefined;
let series: number[] = [];

/** Rows of an `update` (one object) or a `batch` (columnar) event, as [time, values…]. */
function rowsOf(name: string, data: unknown): { t: (string | null)[]; y: unknown[][] } {
  if (name === 'batch') return data as { t: (string | null)[]; y: unknown[][] };
  const row = data as Record<string, unknown>;
  return { t: [row[meta!.time] as string], y: meta!.columns.map((c) => [row[c.name]]) };
}

const source = new EventSource(`/api/streams/${encodeURIComponent(stream)}/events`);
source.addEventListener('meta', (event) => {
  meta = JSON.parse(event.data) as Meta;
  series = meta.columns.map((c, i) => (c.type === 'number' ? i : -1)).filter((i) => i >= 0);
  const traces = series.map((i) => ({ type: 'scatter', mode: 'lines', name: meta!.columns[i]!.name, x: [], y: [] }));
  void Plotly.newPlot(chart, traces, { xaxis: { type: 'date' }, margin: { l: 50, r: 20, t: 10, b: 40 } }, { displaylogo: false });
});
const onRows = (event: MessageEvent<string>) => {
  if (!meta) return;
  const { t, y } = rowsOf(event.type, JSON.parse(event.data));
  window.__probe.arrived(t.length, t[0] ?? null);
  for (let r = 0; r < t.length; r++) {
    void Plotly.extendTraces(
      chart,
      { x: series.map(() => [t[r]]), y: series.map((i) => [y[i]![r]]) },
      series.map((_, k) => k),
      windowPoints,
    );
    window.__probe.rendered(1);
  }
};
source.addEventListener('update', onRows);
source.addEventListener('batch', onRows);
