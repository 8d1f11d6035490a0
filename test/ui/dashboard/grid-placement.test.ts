import { describe, expect, it } from 'vitest';
import { placePanels } from '../../../src/ui/dashboard/grid-placement.js';

describe('placePanels', () => {
  it('puts a panel with x and y where it says', () => {
    expect(placePanels([{ x: 3, y: 2, w: 4, h: 2 }], 12)).toEqual([{ x: 3, y: 2, w: 4, h: 2 }]);
  });

  it('flows panels without a place left to right, then onto the next free row', () => {
    const cells = placePanels(
      [
        { w: 3, h: 2 },
        { w: 3, h: 2 },
        { w: 3, h: 2 },
        { w: 3, h: 2 },
        { w: 6, h: 5 },
        { w: 6, h: 5 },
        { w: 12, h: 9 },
      ],
      12,
    );
    expect(cells).toEqual([
      { x: 0, y: 0, w: 3, h: 2 },
      { x: 3, y: 0, w: 3, h: 2 },
      { x: 6, y: 0, w: 3, h: 2 },
      { x: 9, y: 0, w: 3, h: 2 },
      { x: 0, y: 2, w: 6, h: 5 },
      { x: 6, y: 2, w: 6, h: 5 },
      { x: 0, y: 7, w: 12, h: 9 },
    ]);
  });

  it('flows after the previous panel, around the panels placed by hand', () => {
    const cells = placePanels(
      [
        { x: 0, y: 0, w: 4, h: 4 },
        { w: 4, h: 2 },
        { x: 8, y: 0, w: 4, h: 1 },
        { w: 4, h: 2 },
        { w: 8, h: 1 },
      ],
      12,
    );
    expect(cells).toEqual([
      { x: 0, y: 0, w: 4, h: 4 },
      { x: 4, y: 0, w: 4, h: 2 },
      { x: 8, y: 0, w: 4, h: 1 },
      { x: 8, y: 1, w: 4, h: 2 }, // right of the hand-placed one, the first free place after it
      { x: 4, y: 3, w: 8, h: 1 }, // rows 1 and 2 have no 8 free columns; row 3 does, from column 4
    ]);
  });

  it('never flows back before the previous panel, even into a hole', () => {
    expect(
      placePanels(
        [
          { x: 6, y: 0, w: 6, h: 1 },
          { w: 3, h: 1 },
          { w: 3, h: 1 },
        ],
        12,
      ),
    ).toEqual([
      { x: 6, y: 0, w: 6, h: 1 },
      { x: 0, y: 1, w: 3, h: 1 }, // not into columns 0 to 5 of row 0: they are before the previous panel
      { x: 3, y: 1, w: 3, h: 1 },
    ]);
  });

  it('takes the first free place in the column given (x only) or in the row given (y only)', () => {
    const cells = placePanels(
      [
        { x: 0, y: 0, w: 6, h: 2 },
        { x: 0, w: 6, h: 2 },
        { y: 0, w: 3, h: 1 },
        { y: 0, w: 3, h: 1 },
      ],
      12,
    );
    expect(cells).toEqual([
      { x: 0, y: 0, w: 6, h: 2 },
      { x: 0, y: 2, w: 6, h: 2 },
      { x: 6, y: 0, w: 3, h: 1 },
      { x: 9, y: 0, w: 3, h: 1 },
    ]);
  });

  it('puts a panel whose row is full below everything', () => {
    expect(
      placePanels(
        [
          { x: 0, y: 0, w: 12, h: 3 },
          { y: 1, w: 2, h: 1 },
        ],
        12,
      ),
    ).toEqual([
      { x: 0, y: 0, w: 12, h: 3 },
      { x: 0, y: 3, w: 2, h: 1 },
    ]);
  });

  it('narrows a panel wider than the grid, and moves one that sticks out to the left', () => {
    expect(
      placePanels(
        [
          { w: 20, h: 1 },
          { x: 10, y: 1, w: 4, h: 1 },
        ],
        12,
      ),
    ).toEqual([
      { x: 0, y: 0, w: 12, h: 1 },
      { x: 8, y: 1, w: 4, h: 1 },
    ]);
  });
});
