import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.ts';
import { TransportError, isTransportError } from './errors.ts';

describe('ByteQueue', () => {
  it('hands chunks out in order and counts what is buffered', async () => {
    const q = new ByteQueue();
    q.push(new Uint8Array([1, 2]));
    q.push(new Uint8Array([3]));
    expect(q.buffered).toBe(3);
    expect([...(await q.pull())]).toEqual([1, 2]);
    expect([...(await q.pull())]).toEqual([3]);
  });

  it('wakes a waiting pull', async () => {
    const q = new ByteQueue();
    const p = q.pull();
    q.push(new Uint8Array([9]));
    expect([...(await p)]).toEqual([9]);
  });

  it('an aborted pull loses nothing', async () => {
    const q = new ByteQueue();
    const ac = new AbortController();
    const p = q.pull(ac.signal);
    ac.abort();
    await expect(p).rejects.toSatisfy((e) => isTransportError(e, 'aborted'));
    q.push(new Uint8Array([7]));
    expect([...(await q.pull())]).toEqual([7]);
  });

  it('keeps the abort reason when it is a TransportError', async () => {
    const q = new ByteQueue();
    const reason = new TransportError('device-lost', 'gone');
    await expect(q.pull(AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('drains buffered bytes before reporting the end', async () => {
    const q = new ByteQueue();
    q.push(new Uint8Array([1]));
    q.end(new TransportError('device-lost', 'gone'));
    q.push(new Uint8Array([2]));
    expect([...(await q.pull())]).toEqual([1]);
    await expect(q.pull()).rejects.toSatisfy((e) => isTransportError(e, 'device-lost'));
    expect(q.ended).toBe(true);
  });

  it('ignores empty chunks', async () => {
    const q = new ByteQueue();
    q.push(new Uint8Array(0));
    expect(q.buffered).toBe(0);
  });
});
