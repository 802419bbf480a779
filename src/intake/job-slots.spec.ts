import { JobSlots } from './job-slots';

describe('JobSlots', () => {
  it('lets `size` holders in and queues the rest in order', async () => {
    const slots = new JobSlots(() => 2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    a();
    a(); // twice: no extra slot
    const releaseC = await c;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['c']);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    const e = await slots.acquire();
    const f = await slots.acquire();
    e();
    f();
  });
});
