import { describe, expect, it } from 'vitest';
import { Viewer, type ViewerEnd } from '../../src/stream/viewer.js';
import { FakeResponse } from '../helpers/fake-response.js';

function viewerOf(limits = { maxQueueBytes: 1 << 20, maxQueueEvents: 1000 }) {
  const res = new FakeResponse();
  const ends: ViewerEnd[] = [];
  const viewer = new Viewer(res.asResponse(), limits, (_, why) => ends.push(why));
  return { res, ends, viewer };
}

describe('Viewer', () => {
  it('writes frames, text or bytes, as they come', () => {
    const { res, viewer } = viewerOf();
    expect(viewer.isOpen).toBe(true);
    expect(viewer.send('abc')).toBe(true);
    expect(viewer.send(Buffer.from('dé'))).toBe(true);
    expect(res.text()).toBe('abcdé');
    expect(viewer.queuedBytes).toBe(0);
  });

  it('counts a text frame by its UTF-8 bytes against maxQueueBytes', () => {
    const { res, viewer } = viewerOf({ maxQueueBytes: 16 * 1024, maxQueueEvents: 1000 });
    res.stalled = true;
    expect(viewer.send('é'.repeat(8 * 1024 - 1))).toBe(true); // 16,382 bytes
    expect(viewer.send('éé')).toBe(false);
  });

  it('writes nothing once closed', () => {
    const { res, viewer } = viewerOf();
    viewer.close('finished');
    expect(viewer.send('late')).toBe(false);
    expect(res.chunks).toEqual([]);
  });

  it('numbers viewers in the order they are made', () => {
    expect(viewerOf().viewer.id + 1).toBe(viewerOf().viewer.id);
  });

  it('is cut as too slow when a frame would put its queue past maxQueueBytes: destroyed at once, and nothing more is written', () => {
    const { res, ends, viewer } = viewerOf({ maxQueueBytes: 10, maxQueueEvents: 1000 });
    res.stalled = true;
    expect(viewer.send('x'.repeat(6))).toBe(true);
    expect(viewer.send('y'.repeat(4))).toBe(true); // exactly at the bound
    expect(viewer.queuedBytes).toBe(10);
    expect(viewer.send('z')).toBe(false);
    expect(ends).toEqual(['slow']);
    expect(res.destroyed).toBe(true);
    expect(res.ended).toBe(false);
    expect(viewer.isOpen).toBe(false);
    expect(viewer.send('z')).toBe(false);
    expect(res.text()).toBe('xxxxxxyyyy');
  });

  it('is cut as too slow after maxQueueEvents writes that the socket did not take; a drain starts the count again', () => {
    const { res, ends, viewer } = viewerOf({ maxQueueBytes: 1 << 20, maxQueueEvents: 2 });
    res.stalled = true;
    const big = 'b'.repeat(16 * 1024); // past FakeResponse's high-water mark: write() answers false
    expect(viewer.send(big)).toBe(true);
    expect(viewer.send('a')).toBe(true);
    res.emit('drain');
    expect(viewer.send('c')).toBe(true);
    expect(viewer.send('d')).toBe(true);
    expect(ends).toEqual([]);
    expect(viewer.send('e')).toBe(false);
    expect(ends).toEqual(['slow']);
  });

  it('close() ends the response after a last frame, once, and tells its end once', () => {
    const { res, ends, viewer } = viewerOf();
    viewer.close('finished', 'bye');
    expect(res.ended).toBe(true);
    expect(res.text()).toBe('bye');
    viewer.close('removed', 'again');
    expect(res.text()).toBe('bye');
    expect(ends).toEqual(['finished']); // the response's own close that follows is not a second end
    expect(res.listenerCount('drain')).toBe(0);
  });

  it('close() without a last frame, or of a destroyed response, just ends it', () => {
    const a = viewerOf();
    a.viewer.close('shutdown');
    expect(a.res.ended).toBe(true);
    expect(a.res.chunks).toEqual([]);
    const b = viewerOf();
    b.res.destroyed = true;
    b.viewer.close('shutdown', 'end frame');
    expect(b.res.ended).toBe(true);
    expect(b.res.chunks).toEqual([]);
    expect(b.ends).toEqual(['shutdown']);
  });

  it('ends when the client goes away or the response fails', () => {
    const gone = viewerOf();
    gone.res.emit('close');
    expect(gone.ends).toEqual(['client']);
    expect(gone.viewer.isOpen).toBe(false);
    const failed = viewerOf();
    failed.res.emit('error', new Error('EPIPE'));
    failed.res.emit('close');
    expect(failed.ends).toEqual(['error']);
  });
  it('takes a join of any size, then applies maxQueueBytes on top of it until the queue drains', () => {
    const { res, ends, viewer } = viewerOf({ maxQueueBytes: 100, maxQueueEvents: 1000 });
    res.stalled = true;
    expect(viewer.sendJoin('j'.repeat(300))).toBe(true);
    expect(viewer.send('a'.repeat(100))).toBe(true); // 400 queued: the limit, on top of the join
    expect(ends).toEqual([]);
    expect(viewer.send('b')).toBe(false); // 401
    expect(ends).toEqual(['slow']);
    expect(res.destroyed).toBe(true);
  });

  it('forgets the join once the queue drained: the limit alone applies again', () => {
    const { res, ends, viewer } = viewerOf({ maxQueueBytes: 100, maxQueueEvents: 1000 });
    res.stalled = true;
    viewer.sendJoin('j'.repeat(300));
    res.writableLength = 0;
    res.emit('drain');
    expect(viewer.send('a'.repeat(100))).toBe(true);
    expect(viewer.send('b')).toBe(false);
    expect(ends).toEqual(['slow']);
  });
});
