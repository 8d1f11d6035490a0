import { describe, expect, it } from 'vitest';
import { FrameDraws, type FrameDrawsClock } from '../../../src/ui/controllers/frame-draws.js';

/** A clock driven by hand: `frame()` runs the animation frame callbacks, `tasks()` the tasks; tasks take time. */
function harness() {
  let now = 0;
  let frames: (() => void)[] = [];
  let tasks: (() => void)[] = [];
  const clock: FrameDrawsClock = {
    now: () => now,
    requestFrame: (callback) => frames.push(callback),
    soon: (callback) => void tasks.push(callback),
  };
  const ran: [string, number][] = [];
  /** A chart update that takes `ms`. */
  const task = (name: string, ms: number) => () => {
    ran.push([name, now]);
    now += ms;
  };
  const run = (list: (() => void)[]) => {
    for (const callback of list) callback();
  };
  return {
    draws: new FrameDraws(clock, 8),
    ran,
    task,
    /** The next frame, 16 ms after the last. */
    frame() {
      now = Math.ceil((now + 1) / 16) * 16;
      const due = frames;
      frames = [];
      run(due);
    },
    tasks() {
      const due = tasks;
      tasks = [];
      run(due);
    },
    waiting: () => ({ frames: frames.length, tasks: tasks.length }),
  };
}

describe('FrameDraws', () => {
  it('runs the tasks added in one frame in one task, in order, while they fit in the budget', () => {
    const page = harness();
    page.draws.add(page.task('a', 3));
    page.draws.add(page.task('b', 3));
    page.draws.add(page.task('c', 1));
    expect(page.waiting()).toEqual({ frames: 0, tasks: 1 });
    page.tasks();
    expect(page.ran).toEqual([
      ['a', 0],
      ['b', 3],
      ['c', 6],
    ]);
    expect(page.waiting()).toEqual({ frames: 0, tasks: 0 });
  });

  it('leaves the tasks past the budget to the task after the next frame, first in line', () => {
    const page = harness();
    for (const name of ['a', 'b', 'c', 'd']) page.draws.add(page.task(name, 5));
    page.tasks();
    // a and b took 10 ms, over the 8 ms budget: c and d wait for the next frame.
    expect(page.ran.map(([name]) => name)).toEqual(['a', 'b']);
    expect(page.waiting()).toEqual({ frames: 1, tasks: 0 });
    page.frame(); // at 16 ms
    page.draws.add(page.task('e', 5)); // asked for in that frame: after those waiting
    page.tasks();
    page.frame(); // at 32 ms
    page.tasks();
    expect(page.ran).toEqual([
      ['a', 0],
      ['b', 5],
      ['c', 16],
      ['d', 21],
      ['e', 32],
    ]);
    expect(page.waiting()).toEqual({ frames: 0, tasks: 0 });
  });

  it('runs one task per frame however long it takes', () => {
    const page = harness();
    page.draws.add(page.task('a', 30));
    page.draws.add(page.task('b', 30));
    page.tasks();
    expect(page.ran).toEqual([['a', 0]]);
    page.frame();
    page.tasks();
    expect(page.ran).toEqual([
      ['a', 0],
      ['b', 32],
    ]);
  });

  it('never runs a cancelled task, and goes on after a task that threw', () => {
    const page = harness();
    const cancel = page.draws.add(page.task('a', 1));
    page.draws.add(() => {
      throw new Error('broken chart');
    });
    cancel();
    expect(() => page.tasks()).toThrow('broken chart');
    page.draws.add(page.task('b', 1));
    page.tasks();
    expect(page.ran).toEqual([['b', 0]]);
  });
});
