import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.ts';
import { createUartRig, hl78Package, type UartFault } from '../../sim/uart/index.ts';
import { bytesSource } from '../images/byte-source.ts';
import { isUartUpdateError } from './errors.ts';
import { UartUpdateJob } from './job.ts';
import { inPlacePort } from './port.ts';
import { smallRc76Package } from './packages.fixture.ts';
import { interruptionAdvice } from './interruption.ts';
import { FakeOrigin, fakeTab, type FakeTab } from '../write/fake-platform.fixture.ts';
import { memoryJournal, type MemoryJournal } from '../write/memory-journal.fixture.ts';
import { acquireWriteGuard, WRITE_LOCK } from '../write/write-guard.ts';

function setup(o: { profile?: 'rc7620' | 'hl7800'; image?: Uint8Array; fault?: UartFault; flow?: boolean; moduleFlow?: boolean; typed?: string; platform?: FakeTab; journal?: MemoryJournal } = {}) {
  const clock = new VirtualClock();
  const rig = createUartRig({ profile: o.profile ?? 'rc7620', clock, ...(o.fault ? { fault: o.fault } : {}), ...(o.moduleFlow ? { moduleFlowControl: true } : {}) });
  const t = rig.transport();
  const port = inPlacePort('virtual ttyS1', null, t);
  const image = o.image ?? smallRc76Package();
  const job = new UartUpdateJob({
    port,
    image: bytesSource(image, 'pkg.spk'),
    clock,
    hostFlowControl: o.flow ?? true,
    rebootTimeoutMs: 300_000,
    ...(o.typed ? { typedConfirmation: o.typed } : {}),
    ...(o.platform ? { platform: o.platform } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
  });
  return { clock, rig, job };
}

/** A package whose product line is in no table (product ZZZZ on an unknown platform). */
const unknownLine = () => smallRc76Package({ product: 'ZZZZ', platform: 'SWIZZZZZ' });

async function settle<T>(clock: VirtualClock, p: Promise<T>, limitMs = 1_200_000): Promise<T> {
  let done = false;
  const q = p.finally(() => (done = true));
  q.catch(() => undefined);
  await clock.until(() => done, limitMs);
  return q;
}

describe('UART update job (RC7620 over a virtual UART)', () => {
  it('checks, raises the rate, transfers, installs, reboots and reads the new version', async () => {
    const { clock, rig, job } = setup();
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    const report = await settle(clock, job.check());
    expect(report.ready).toBe(true);
    expect(report.module).toMatchObject({ model: 'RC7620-1', firmware: '00.08.07.00', carrier: 'GENERIC', family: 'rc76' });
    expect(report.items.find((i) => i.id === 'flow-module')?.status).toBe('fixed');
    expect(report.fastest).toBe(921600);
    expect(report.estimates.map((e) => e.baudRate)).toContain(921600);
    const progress: number[] = [];
    job.events.on('progress', (p) => progress.push(p.bytesDone));
    const log: string[] = [];
    job.events.on('log', (l) => log.push(`${l.dir} ${l.text}`));
    job.events.on('phase', (l) => log.push(`phase ${l.phase}`));
    const result = await settle(clock, job.run({ baudRate: 921600 }));
    expect(result.after.firmware).toBe('00.08.24.02');
    if (result.baudRate !== 921600) console.log(log.slice(0, 60).join('\n'));
    expect(result.baudRate).toBe(921600);
    expect(result.urcs.some((u) => u.kind === 'wfwupd' && u.value === 0)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(rig.line.stats.lostBytes).toBe(0);
    rig.dispose();
  });

  it('refuses an image for another product line before sending anything', async () => {
    const { clock, job, rig } = setup({ image: smallRc76Package({ product: '9X30', platform: 'SWI9X30C', firmware: '02.24.05.06' }) });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    const err = await settle(clock, job.check()).catch((e) => e);
    expect(isUartUpdateError(err, 'image-refused')).toBe(true);
    expect(rig.module.snapshot().received).toBe(0);
    // the write job's own check said so, and typing a model name does not override it
    expect(job.refusal).toMatchObject({ code: 'product-mismatch', confirmable: false });
    const typed = setup({ image: smallRc76Package({ product: '9X30', platform: 'SWI9X30C', firmware: '02.24.05.06' }), typed: 'RC7620-1' });
    await settle(typed.clock, new Promise<void>((r) => typed.clock.setTimeout(r, 3_500)));
    expect(await settle(typed.clock, typed.job.check()).catch((e) => e)).toMatchObject({ code: 'image-refused' });
    expect(typed.job.refusal?.code).toBe('product-mismatch');
    expect(typed.rig.module.snapshot().received).toBe(0);
  });

  it('refuses a package of an unknown product line unless the module model is typed; then writes it on that word', async () => {
    const journal = memoryJournal();
    const { clock, job, rig } = setup({ image: unknownLine(), journal });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    const err = await settle(clock, job.check()).catch((e) => e);
    expect(isUartUpdateError(err, 'image-refused')).toBe(true);
    expect(job.refusal).toMatchObject({ code: 'image-line-unknown', confirmable: true, expectTyped: 'RC7620-1' });
    expect(rig.module.snapshot().received).toBe(0);
    expect(journal.kinds('error')).toEqual([expect.objectContaining({ source: 'uart', code: 'image-refused' })]);
    expect(journal.kinds('result')).toEqual([expect.objectContaining({ outcome: 'failed', code: 'image-refused' })]);
    rig.dispose();

    // a wrong name is still a refusal
    const wrong = setup({ image: unknownLine(), typed: 'EM7455' });
    await settle(wrong.clock, new Promise<void>((r) => wrong.clock.setTimeout(r, 3_500)));
    await settle(wrong.clock, wrong.job.check()).catch(() => undefined);
    expect(wrong.job.refusal?.code).toBe('confirmation-mismatch');
    expect(wrong.rig.module.snapshot().received).toBe(0);
    wrong.rig.dispose();

    const okJournal = memoryJournal();
    const ok = setup({ image: unknownLine(), typed: 'RC7620', journal: okJournal });
    await settle(ok.clock, new Promise<void>((r) => ok.clock.setTimeout(r, 3_500)));
    const report = await settle(ok.clock, ok.job.check());
    expect(report.image.check?.confirmedBy).toEqual({ typed: 'RC7620', reason: 'image-line-unknown' });
    expect(report.items.find((i) => i.id === 'image')?.status).toBe('caution');
    // on the user's word the whole package goes over the line; this virtual RC7620 (like the real
    // one) then judges the package by its own product and refuses to install a foreign one
    const sent = await settle(ok.clock, ok.job.run()).catch((e) => e);
    expect(ok.rig.module.snapshot().received).toBe(unknownLine().length);
    expect(sent).toMatchObject({ code: 'install-refused' });
    expect(ok.rig.module.snapshot().firmware).toBe('00.08.07.00');
    expect(okJournal.kinds('note')).toEqual(expect.arrayContaining([expect.objectContaining({ text: expect.stringMatching(/typed the model name "RC7620"/) })]));
    ok.rig.dispose();
  });

  it('holds the cross-tab write guard, wake lock and leave warning while it transfers, and lets go after', async () => {
    const origin = new FakeOrigin();
    const tab = fakeTab(origin);
    const journal = memoryJournal();
    const { clock, job, rig } = setup({ platform: tab, journal, moduleFlow: true });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    await settle(clock, job.check());
    expect(origin.isHeld(WRITE_LOCK)).toBe(false);
    const during: { held: boolean; wake: number; stays: boolean; other: string }[] = [];
    const other = fakeTab(origin);
    job.events.on('progress', (p) => {
      if (during.length || p.bytesDone === 0) return;
      during.push({ held: origin.isHeld(WRITE_LOCK), wake: tab.wake.held, stays: tab.tryLeave(), other: '' });
      // another tab (a second write, or the service worker's reload) finds the lock taken
      void acquireWriteGuard(other, 'other', 'other tab', 50).then((g) => {
        during[0] = { ...during[0]!, other: g.kind === 'busy' ? `busy:${g.holder}` : 'acquired' };
        if (g.kind === 'acquired') g.release();
      });
    });
    const result = await settle(clock, job.run());
    expect(result.after.firmware).toBe('00.08.24.02');
    expect(during).toEqual([{ held: true, wake: 1, stays: true, other: expect.stringMatching(/^busy:UART update: RC7620-1 on virtual ttyS1/) }]);
    expect(origin.isHeld(WRITE_LOCK)).toBe(false);
    expect(tab.wake.held).toBe(0);
    expect(tab.unload.size).toBe(0);
    expect(journal.holds).toBe(0);
    const steps = journal.kinds('flow-step').map((b) => (b.kind === 'flow-step' ? `${b.step}:${b.status}` : ''));
    expect(steps).toEqual(expect.arrayContaining(['checks:done', 'guard:done', 'transfer:started', 'install:started', 'reboot:started', 'verify:done', 'outcome:done']));
    expect(journal.kinds('result')).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    rig.dispose();
  });

  it('sends nothing while another tab holds the write lock (write-busy), and records why', async () => {
    const origin = new FakeOrigin();
    const holder = await acquireWriteGuard(fakeTab(origin), 'h', 'Flash page: EM7455');
    if (holder.kind !== 'acquired') throw new Error('the first guard should be free');
    const journal = memoryJournal();
    const { clock, job, rig } = setup({ platform: fakeTab(origin), journal });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    await settle(clock, job.check());
    const before = rig.module.snapshot().received;
    const err = await settle(clock, job.run()).catch((e) => e);
    expect(isUartUpdateError(err, 'write-busy')).toBe(true);
    expect(err.message).toMatch(/Flash page: EM7455/);
    expect(rig.module.snapshot().received).toBe(before);
    expect(journal.kinds('error')).toEqual([expect.objectContaining({ code: 'write-busy' })]);
    holder.release();
    rig.dispose();
  });

  it('names a NAK storm and leaves the old firmware', async () => {
    const { clock, job, rig } = setup({ fault: { kind: 'nak-storm', afterBlocks: 5 }, moduleFlow: true });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    await settle(clock, job.check());
    const err = await settle(clock, job.run()).catch((e) => e);
    expect(err.code).toMatch(/xmodem-(too-many-retries|cancelled-by-module)/);
    expect(err.phase).toBe('transfer');
    expect(interruptionAdvice(err).moduleState.en).toMatch(/old firmware/);
    expect(rig.module.snapshot().firmware).toBe('00.08.07.00');
  });

  it('a power loss during install brings the module back on its old firmware: install-not-applied', async () => {
    const { clock, job, rig } = setup({ fault: { kind: 'power-loss-during-install' }, moduleFlow: true });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    await settle(clock, job.check());
    const err = await settle(clock, job.run()).catch((e) => e);
    expect(err.code).toBe('install-not-applied');
    expect(rig.module.snapshot().lastInstall).toBe('power-lost');
  });

  it('a cut mid-transfer is xmodem-no-answer, and a fresh run afterwards succeeds', async () => {
    const { clock, job, rig } = setup({ fault: { kind: 'cut-mid-transfer', afterBytes: 20_000 }, moduleFlow: true });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 3_500)));
    await settle(clock, job.check());
    const err = await settle(clock, job.run()).catch((e) => e);
    expect(err.code).toBe('xmodem-no-answer');
    expect(rig.module.snapshot().storedPackage).toBeNull();
    const again = new UartUpdateJob({ port: inPlacePort('virtual ttyS1', null, rig.transport()), image: bytesSource(smallRc76Package(), 'pkg.spk'), clock, rebootTimeoutMs: 300_000 });
    await settle(clock, again.check());
    const ok = await settle(clock, again.run());
    expect(ok.after.firmware).toBe('00.08.24.02');
  });
});

describe('UART update job (HL7800)', () => {
  it('drives +WDSI: 3 → AT+WDSR=4 → +WDSI: 14 → reboot → +WDSI: 16', async () => {
    const { clock, job } = setup({ profile: 'hl7800', image: hl78Package(30_000) });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 2_500)));
    const report = await settle(clock, job.check());
    expect(report.items.find((i) => i.id === 'image')?.status).toBe('caution');
    const result = await settle(clock, job.run());
    expect(result.after.firmware).toBe('4.7.1.0');
    expect(result.urcs.map((u) => u.value)).toEqual(expect.arrayContaining([3, 14, 16]));
  });

  it('an RC76 package sent to an HL7800 is refused at install (+WDSI: 13)', async () => {
    const { clock, job } = setup({ profile: 'hl7800', image: smallRc76Package() });
    await settle(clock, new Promise<void>((r) => clock.setTimeout(r, 2_500)));
    // the HL cannot be matched by product line before the transfer: the module itself refuses
    const report = await settle(clock, job.check()).catch((e) => e);
    if (isUartUpdateError(report)) {
      expect(report.code).toBe('image-refused');
      return;
    }
    const err = await settle(clock, job.run()).catch((e) => e);
    expect(err.code).toBe('install-refused');
  });
});
