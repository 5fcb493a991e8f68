import { describe, expect, it } from 'vitest';
import { ModemFleet } from '../connection/modem-fleet.ts';
import { JournalRecorder } from '../logs/recorder.ts';
import { JournalStore } from '../logs/store.ts';
import { launchFlow, type Launch } from './flow-launch.ts';
import type { DeviceLock } from './guards.ts';
import { drive, r9Image, rig } from './rig.fixture.ts';

const recorder = () =>
  new JournalRecorder({
    store: () => JournalStore.open('flow-launch-logs'),
    environment: () => ({ appVersion: 't', userAgent: 't', browser: 't', os: 't', language: 'en', timeZone: 'UTC', virtualModem: true }),
  });

/** The app's selected modem, connected on the virtual clock. */
async function connected() {
  const r = rig('healthy');
  await drive(r.clock, () => r.bench.modem().snapshot().atReady);
  const fleet = new ModemFleet();
  r.bench.picker.next = (c) => c.findIndex((x) => x.function === 'at');
  let done = false;
  void fleet.connectAnother(r.bench.serial).then(() => (done = true));
  await drive(r.clock, () => done, 60_000);
  return { r, fleet };
}

describe('launching a flow on the selected modem', () => {
  it('another tab holds the module: nothing starts, the port goes back to the console, the lock name is the modem’s identity', async () => {
    const { r, fleet } = await connected();
    const keys: string[] = [];
    const held = async (key: string): Promise<DeviceLock> => (keys.push(key), { kind: 'held', holder: 'update — other tab' });
    let launch = null as Launch | null;
    void launchFlow({ kind: 'update', image: r9Image() }, { serial: r.bench.serial, usb: r.bench.usb, selection: fleet.selection, store: r.store, recorderOf: () => null, recorder: recorder(), label: 'Boothold', clock: r.clock, lock: held }).then((l) => (launch = l));
    await drive(r.clock, () => launch !== null && fleet.selection.state.kind === 'connected', 60_000);
    expect(launch).toEqual({ kind: 'blocked', holder: 'update — other tab' });
    expect(keys).toEqual([`modem:${fleet.selected?.key}`]);
    r.bench.dispose();
  });

  it('takes the AT port from the console for the flow and hands it back when the flow is done', async () => {
    const { r, fleet } = await connected();
    let launch = null as Launch | null;
    const lock = async (): Promise<DeviceLock> => ({ kind: 'acquired', release: () => undefined });
    void launchFlow({ kind: 'carrier', targetCarrier: 'GENERIC' }, { serial: r.bench.serial, usb: r.bench.usb, selection: fleet.selection, store: r.store, recorderOf: () => null, recorder: recorder(), label: 'Boothold', clock: r.clock, lock }).then((l) => (launch = l));
    await drive(r.clock, () => launch !== null, 60_000);
    const l = launch!;
    if (l.kind !== 'started') throw new Error('the flow did not start');
    expect(fleet.selection.state.kind).toBe('idle');
    let end: string | null = null;
    void l.run().then((v) => (end = v.status));
    await drive(r.clock, () => end !== null && fleet.selection.state.kind === 'connected', 400_000);
    expect(end).toBe('done');
    r.bench.dispose();
  });
});
