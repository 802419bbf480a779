import { LatestWrite } from './latest-write';

/** A write function whose calls stay pending until the test settles them. */
function controlledWrites() {
  const calls: { value: number; settle: (error?: Error) => void }[] = [];
  const write = (value: number) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ value, settle: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LatestWrite', () => {
  it('writes at once when idle, and only the newest of what was offered meanwhile', async () => {
    const { calls, write } = controlledWrites();
    const latest = new LatestWrite(write, () => undefined);
    latest.offer(1);
    latest.offer(2);
    latest.offer(3);
    expect(calls.map((c) => c.value)).toEqual([1]);
    calls[0]!.settle();
    await tick();
    expect(calls.map((c) => c.value)).toEqual([1, 3]);
    calls[1]!.settle();
    await tick();
    latest.offer(4);
    expect(calls.map((c) => c.value)).toEqual([1, 3, 4]);
    calls[2]!.settle();
    await latest.close();
  });

  it('close waits for the write in flight, drops what waits and ignores later offers', async () => {
    const { calls, write } = controlledWrites();
    const latest = new LatestWrite(write, () => undefined);
    latest.offer(1);
    latest.offer(2);
    let closed = false;
    const closing = latest.close().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    calls[0]!.settle();
    await closing;
    latest.offer(5);
    await tick();
    expect(calls.map((c) => c.value)).toEqual([1]);
  });

  it('reports a failed write and carries on with the next value', async () => {
    const { calls, write } = controlledWrites();
    const errors: unknown[] = [];
    const latest = new LatestWrite(write, (error) => errors.push(error));
    latest.offer(1);
    latest.offer(2);
    calls[0]!.settle(new Error('connection lost'));
    await tick();
    expect(errors).toEqual([new Error('connection lost')]);
    expect(calls.map((c) => c.value)).toEqual([1, 2]);
    calls[1]!.settle();
    await latest.close();
    expect(errors).toHaveLength(1);
  });

  it('close resolves at once when nothing was offered', async () => {
    const { calls, write } = controlledWrites();
    await new LatestWrite(write, () => undefined).close();
    expect(calls).toEqual([]);
  });
});
