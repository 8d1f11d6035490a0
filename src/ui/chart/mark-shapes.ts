import type { StatesInfo } from '../../protocol/events.js';
import { isoTime } from './row-window.js';
import type { StreamMarks } from './stream-marks.js';

/** Band colours for state values the config gives none. */
const STATE_PALETTE = ['#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
const ALERT_COLOR = '#d62728';
const BAND_OPACITY = 0.18;
/** Height of the alert strip along the top, in pixels (a share of the height would be too tall over a stack of plots). */
const ALERT_STRIP_PX = 11;

/** One stream's marks, over the time span its drawn rows cover. */
export interface MarkSource {
  marks: StreamMarks;
  states: StatesInfo | null;
  /** Oldest and newest drawn row times (epoch ms). */
  span: [number, number];
  /** Prefix of legend names for charts of several streams (`pump-1 · `), or empty. */
  label: string;
}

/** The colour of a state value: the config's, else one of the palette by the value's order in `colors`' misses. */
export function stateColor(states: StatesInfo, value: string, seen: string[]): string {
  const given = states.colors[value];
  if (given) return given;
  if (!seen.includes(value)) seen.push(value);
  return STATE_PALETTE[seen.indexOf(value) % STATE_PALETTE.length]!;
}

/**
 * Plotly layout shapes for the marks: a shaded band behind the lines for each state that is not
 * unshaded (one legend entry per state, clicking it hides its bands), and for each firing period
 * of an alert a strip along the top with a dotted line where it began. Everything is clipped to
 * the drawn rows, since shapes count in the x-axis' autorange. Bands and lines are in the plot
 * area's height (`yref: 'paper'`, 0 to 1), so over stacked plots they span every plot (and the
 * small gaps between them): a state or an alert is the machine's, not one sensor's.
 */
export function markShapes(sources: readonly MarkSource[]): Record<string, unknown>[] {
  const shapes: Record<string, unknown>[] = [];
  for (const source of sources) {
    const [from, to] = source.span;
    if (!(from <= to)) continue;
    if (source.states) {
      const legend = new Set<string>();
      const seen: string[] = [];
      for (const band of source.marks.bands(from, to, source.states.unshaded)) {
        const name = `${source.label}${band.value}`;
        shapes.push({
          type: 'rect',
          layer: 'below',
          xref: 'x',
          yref: 'paper',
          x0: isoTime(band.from),
          x1: isoTime(band.to),
          y0: 0,
          y1: 1,
          fillcolor: stateColor(source.states, band.value, seen),
          opacity: BAND_OPACITY,
          line: { width: 0 },
          name,
          legendgroup: `state:${name}`,
          showlegend: !legend.has(name) && !!legend.add(name),
        });
      }
    }
    const alerted = new Set<string>();
    for (const period of source.marks.firingPeriods(from, to)) {
      const name = `${source.label}alert ${period.rule}`;
      const group = { name, legendgroup: `alert:${name}` };
      shapes.push({
        type: 'rect',
        layer: 'above',
        xref: 'x',
        yref: 'paper',
        ysizemode: 'pixel',
        yanchor: 1,
        x0: isoTime(period.from),
        x1: isoTime(period.to),
        y0: -ALERT_STRIP_PX,
        y1: 0,
        fillcolor: ALERT_COLOR,
        opacity: 0.85,
        line: { width: 0 },
        ...group,
        showlegend: !alerted.has(name) && !!alerted.add(name),
      });
      shapes.push({
        type: 'line',
        layer: 'above',
        xref: 'x',
        yref: 'paper',
        x0: isoTime(period.from),
        x1: isoTime(period.from),
        y0: 0,
        y1: 1,
        line: { color: ALERT_COLOR, width: 1.5, dash: 'dot' },
        ...group,
        showlegend: false,
      });
    }
  }
  return shapes;
}
