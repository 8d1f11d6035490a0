import type { GridPlace } from '../../protocol/dashboards.js';

/** Where a panel is drawn on the grid: its first column and row (from 0) and its size, in grid units. */
export interface GridCell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rows searched below the lowest panel for a place to flow into (always enough: a new row is free). */
const SEARCH_ROWS = 1000;

/**
 * Places the panels on a grid `columns` wide, in order. A panel with x and y sits there (moved left
 * if it would stick out; panels may overlap, as the file says). A panel without them flows: it
 * takes the first place after the previous panel (to its right, else further down, left to right)
 * where it overlaps nothing; with only x, the first such place in that column; with only y, the
 * first in that row. A panel wider than the grid is made as wide as the grid.
 */
export function placePanels(panels: readonly GridPlace[], columns: number): GridCell[] {
  const across = Math.max(1, Math.floor(columns));
  const taken = new Set<string>();
  const fits = (x: number, y: number, w: number, h: number) => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) if (taken.has(`${r},${c}`)) return false;
    return true;
  };
  let cursor = { x: 0, y: 0 };
  let bottom = 0;
  return panels.map((panel) => {
    const w = Math.min(Math.max(1, panel.w), across);
    const h = Math.max(1, panel.h);
    const x = panel.x === undefined ? undefined : Math.min(panel.x, across - w);
    let cell: GridCell | undefined;
    if (x !== undefined && panel.y !== undefined) {
      cell = { x, y: panel.y, w, h };
    } else {
      const firstRow = panel.y ?? cursor.y;
      const lastRow = panel.y ?? bottom + SEARCH_ROWS;
      for (let y = firstRow; y <= lastRow && !cell; y++) {
        const from = panel.y === undefined && y === cursor.y ? cursor.x : 0;
        for (let c = x ?? from; c <= (x ?? across - w) && !cell; c++) {
          if (c >= from && fits(c, y, w, h)) cell = { x: c, y, w, h };
        }
      }
      cell ??= { x: x ?? 0, y: bottom, w, h }; // a row given and full: below everything
    }
    for (let r = cell.y; r < cell.y + h; r++) for (let c = cell.x; c < cell.x + w; c++) taken.add(`${r},${c}`);
    cursor = { x: cell.x + w, y: cell.y };
    bottom = Math.max(bottom, cell.y + h);
    return cell;
  });
}
