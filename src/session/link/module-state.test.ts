import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.ts';
import { ModuleStateMachine, type ModuleState } from './module-state.ts';
import type { BusIdentity } from './bus-timeline.ts';

/** Drives the machine on the virtual clock: each step advances the clock, then feeds the event. */
function rig() {
  const clock = new VirtualClock();
  const m = new ModuleStateMachine();
  const after = async (ms: number) => clock.advance(ms);
  return {
    clock,
    m,
    async up(identity: BusIdentity, afterMs = 0): Promise<ModuleState> {
      await after(afterMs);
      return m.feed({ type: 'appeared', identity, at: clock.now() });
    },
    async down(identity: BusIdentity, afterMs = 0): Promise<ModuleState> {
      await after(afterMs);
      return m.feed({ type: 'vanished', identity, at: clock.now() });
    },
  };
}

describe('the module named from the bus', () => {
  it('is unknown, then the application while its AT identity is up', async () => {
    const r = rig();
    expect(r.m.state.kind).toBe('unknown');
    expect((await r.up('app')).kind).toBe('application');
  });

  it('takes its own AT!RESET as expected (resetting), and the port coming back as the application again', async () => {
    const r = rig();
    await r.up('app');
    await r.clock.advance(30_000);
    r.m.feed({ type: 'expect-exit', why: 'reset', at: r.clock.now() });
    const s = await r.down('app', 400);
    expect(s).toMatchObject({ kind: 'resetting', why: 'reset' });
    expect((await r.up('app', 9_000)).kind).toBe('application');
  });

  it('a reset that keeps the module away too long becomes "gone"', async () => {
    const r = rig();
    await r.up('app');
    r.m.feed({ type: 'expect-exit', why: 'reset', at: r.clock.now() });
    await r.down('app', 100);
    await r.clock.advance(61_000);
    expect(r.m.tick(r.clock.now()).kind).toBe('gone');
  });

  it('an announced exit long ago does not excuse a later disappearance', async () => {
    const r = rig();
    await r.up('app');
    r.m.feed({ type: 'expect-exit', why: 'reset', at: r.clock.now() });
    expect((await r.down('app', 25_000)).kind).toBe('gone');
  });

  it('one short appearance is "gone" with how long it was up; the second short one is a loop', async () => {
    const r = rig();
    await r.up('app');
    expect(await r.down('app', 2_000)).toMatchObject({ kind: 'gone', upMs: 2_000 });
    await r.up('app', 12_000);
    const s = await r.down('app', 1_500);
    expect(s).toMatchObject({ kind: 'looping', seen: 2, meanUpMs: 1_750 });
    // up again: still looping (the loop's pattern, not a healthy application)
    expect((await r.up('app', 11_000)).kind).toBe('looping');
  });

  it('a module unplugged after a long time up is gone, not looping', async () => {
    const r = rig();
    await r.up('app');
    await r.down('app', 60_000);
    await r.up('app', 5_000);
    expect(await r.down('app', 90_000)).toMatchObject({ kind: 'gone', upMs: 90_000 });
  });

  it('short appearances more than a minute apart are not a loop', async () => {
    const r = rig();
    await r.up('app');
    await r.down('app', 2_000);
    await r.up('app', 70_000);
    expect((await r.down('app', 2_000)).kind).toBe('gone');
  });

  it('AT!BOOTHOLD: the AT identity leaves as expected and the download identity is download mode', async () => {
    const r = rig();
    await r.up('app');
    r.m.feed({ type: 'expect-exit', why: 'boothold', at: r.clock.now() });
    expect((await r.down('app', 300)).kind).toBe('resetting');
    expect((await r.up('download', 4_000)).kind).toBe('download');
  });

  it('download mode again after a write, when the application was due, is "held in TP1"', async () => {
    const r = rig();
    await r.up('download');
    // the write takes 40 s; at its end the module resets
    await r.clock.advance(40_000);
    r.m.feed({ type: 'expect-exit', why: 'write', at: r.clock.now() });
    expect((await r.down('download', 200)).kind).toBe('resetting');
    expect((await r.up('download', 5_000)).kind).toBe('held-in-tp1');
    // released and power-cycled: the application comes back
    await r.down('download', 10_000);
    expect((await r.up('app', 8_000)).kind).toBe('application');
  });

  it('the user holding TP1 at power-on ends the loop: download mode, even before the grant lets the bus show it', async () => {
    const r = rig();
    for (let i = 0; i < 3; i++) {
      await r.up('app', 12_000);
      await r.down('app', 2_000);
    }
    expect(r.m.state.kind).toBe('looping');
    await r.clock.advance(3_000);
    expect(r.m.feed({ type: 'tp1', at: r.clock.now() }).kind).toBe('download');
    // the chooser's pick then shows the same device: still download mode, not a new appearance
    expect((await r.up('download', 4_000)).kind).toBe('download');
  });

  it('the flow’s own AT port, up since before the watch began, leaving on AT!BOOTHOLD is a restart', async () => {
    const r = rig();
    await r.clock.advance(20_000);
    r.m.feed({ type: 'expect-exit', why: 'boothold', at: r.clock.now() });
    expect((await r.down('app', 300)).kind).toBe('resetting');
    expect((await r.up('download', 1_500)).kind).toBe('download');
  });

  it('a loop caught in its window (AT!BOOTHOLD answered, known once it went) is a restart, not the loop going on', async () => {
    const r = rig();
    for (let i = 0; i < 3; i++) {
      await r.up('app', 12_000);
      await r.down('app', 2_000);
    }
    expect(r.m.state.kind).toBe('looping');
    await r.clock.advance(300);
    expect(r.m.feed({ type: 'expect-exit', why: 'boothold', at: r.clock.now() })).toMatchObject({ kind: 'resetting', why: 'boothold' });
    expect((await r.up('download', 1_500)).kind).toBe('download');
  });

  it('two functions of one enumeration are one appearance', async () => {
    const r = rig();
    await r.up('app');
    await r.up('app', 5);
    await r.down('app', 1_000);
    await r.up('app', 10_000);
    await r.up('app', 3);
    expect((await r.down('app', 1_000)).kind).toBe('looping');
  });
});

describe('an exit announced just after the module left', () => {
  it('still counts as expected, and a download appearance then means TP1 is held', async () => {
    const r = rig();
    await r.up('download');
    await r.down('download', 30_000);
    expect(r.m.state.kind).toBe('gone');
    await r.clock.advance(500);
    expect(r.m.feed({ type: 'expect-exit', why: 'write', at: r.clock.now() })).toMatchObject({ kind: 'resetting', why: 'write' });
    expect((await r.up('download', 6_000)).kind).toBe('held-in-tp1');
  });
});
