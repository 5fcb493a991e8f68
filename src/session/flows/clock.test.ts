import { describe, expect, it } from 'vitest';
import { acceleratedFlowClock, sleep } from './clock.ts';

describe('acceleratedFlowClock', () => {
  it('runs waits faster and keeps now() on the wall clock', async () => {
    const clock = acceleratedFlowClock(100);
    const before = Date.now();
    expect(Math.abs(clock.now() - before)).toBeLessThan(1000);
    // A minute of flow time in 0.6 s; unscaled it would overrun the test's 20 s timeout.
    await sleep(clock, 60_000);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => acceleratedFlowClock(0)).toThrow(RangeError);
  });
});
