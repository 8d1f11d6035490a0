// One row of the results table: a figure (median of several runs, with its range), its target,
// and the reference measured in the same run, with their ratio.
import { summarize, type Summary } from './stats.js';

export type Comparison = '>=' | '<=' | '<' | '>' | '=';

export interface Target {
  /**
   * Whether the target applies to the figure itself, to its ratio over the reference, or to its
   * difference from the reference (figure − reference, in the row's unit).
   */
  of: 'figure' | 'ratio' | 'difference';
  op: Comparison;
  value: number;
}

export interface Reference {
  what: string;
  runs: number[];
  figure: Summary;
}

export interface ResultRow {
  benchmark: string;
  measure: string;
  unit: string;
  runs: number[];
  figure: Summary;
  target?: Target;
  reference?: Reference;
  /** figure.median / reference.median. */
  ratio?: number;
  /** Whether the target is met (by the median); undefined without a target. */
  met?: boolean;
  notes: string[];
}

export interface RowInput {
  benchmark: string;
  measure: string;
  unit: string;
  runs: number[];
  target?: Target;
  reference?: { what: string; runs: number[] };
  notes?: string[];
}

export function compare(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '>=':
      return value >= bound;
    case '<=':
      return value <= bound;
    case '<':
      return value < bound;
    case '>':
      return value > bound;
    case '=':
      return value === bound;
  }
}

/** Builds a row: summaries, the ratio over the reference, and whether the target is met. */
export function resultRow(input: RowInput): ResultRow {
  const figure = summarize(input.runs);
  const reference = input.reference ? { ...input.reference, figure: summarize(input.reference.runs) } : undefined;
  const ratio = reference && reference.figure.median !== 0 ? figure.median / reference.figure.median : undefined;
  let met: boolean | undefined;
  if (input.target) {
    const difference = reference ? figure.median - reference.figure.median : undefined;
    const value = input.target.of === 'ratio' ? ratio : input.target.of === 'difference' ? difference : figure.median;
    met = value !== undefined && Number.isFinite(value) ? compare(value, input.target.op, input.target.value) : false;
  }
  return {
    benchmark: input.benchmark,
    measure: input.measure,
    unit: input.unit,
    runs: input.runs,
    figure,
    ...(input.target ? { target: input.target } : {}),
    ...(reference ? { reference } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(met !== undefined ? { met } : {}),
    notes: input.notes ?? [],
  };
}
