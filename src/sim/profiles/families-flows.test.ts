/**
 * The guided flows on each family added as data (MC7304/MC7354 9x15 over QDL, EM9191 SDX55 and
 * EM9293 SDX65 over Sahara/Firehose, WP7702 9x06): an update to a newer firmware of the
 * family's own platform, verified after the restart, and a carrier switch to an image the
 * module stores, and the rescue of the family's module stuck in a boot loop (caught with
 * AT!BOOTHOLD, flashed on the family's own download device, verified). Virtual clock: the
 * whole file runs in seconds (the e2e suite drives one family per download protocol in the
 * built app).
 */
import { describe, expect, it } from 'vitest';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../codec/cwe/images.fixture.ts';
import { flowImageFromBytes } from '../../session/flows/flow-image.ts';
import { GuidedFlow } from '../../session/flows/guided-flow.ts';
import { drive, grantAtPort, rig } from '../../session/flows/rig.fixture.ts';
import type { FlowImage } from '../../session/flows/flow-image.ts';
import type { ScenarioId } from '../scenarios.ts';
import { PROFILES } from './index.ts';

interface Family {
  readonly scenario: ScenarioId;
  readonly platform: string;
  readonly product: string;
  readonly from: string;
  readonly to: string;
  readonly config: string;
  /** A carrier image the scenario stores besides GENERIC. */
  readonly other: string | null;
  /** ATI model, as the user would type it where the image's line is not in our tables. */
  readonly model: string;
  /** The platform is not in knowledge/firmware/platforms.ts (a made-up one): the write check asks for the model typed. */
  readonly lineUnknown?: boolean;
}

const FAMILIES: readonly Family[] = [
  { scenario: 'mc7304', platform: 'SWI9X15C', product: '9X15', from: '05.05.02.00', to: '05.05.63.01', config: '005.026_000', other: null, model: 'MC7304' },
  { scenario: 'mc7354', platform: 'SWI9X15C', product: '9X15', from: '05.05.02.00', to: '05.05.63.01', config: '005.026_000', other: null, model: 'MC7354' },
  { scenario: 'em9191', platform: 'SWIX55C', product: 'X55C', from: '02.08.01.00', to: '02.09.06.00', config: '030.022_000', other: null, model: 'EM9191' },
  { scenario: 'em9293', platform: 'SWIX65C', product: 'X65C', from: '02.13.08.00', to: '02.17.08.00', config: '030.035_000', other: 'ROGERS', model: 'EM9293' },
  { scenario: 'wp7702', platform: 'SWI9X06Y', product: '9X06', from: '02.16.06.00', to: '02.28.03.03', config: '001.030_000', other: 'ATT', model: 'WP7702' },
];

function familyImage(f: Family): FlowImage {
  const bytes = buildCwe(rc76PackageSpec({ platform: f.platform, product: f.product, firmware: f.to, carrier: 'GENERIC', config: f.config, modemSize: 60_000 }));
  return flowImageFromBytes(bytes, `${f.platform}_${f.to}_GENERIC_${f.config}.spk`, { platform: f.platform, product: f.product, firmwareVersion: f.to, carrier: 'GENERIC', sha256: 'b'.repeat(64) });
}

/**
 * An image of a line Boothold does not know is written only on the model typed (as the user
 * does). An update must ask exactly then; a rescue, started with the model named, need not.
 */
async function typeModelIfAsked(r: ReturnType<typeof rig>, flow: GuidedFlow, f: Family, mustAsk: boolean): Promise<void> {
  await drive(r.clock, () => ['confirm-image', 'reconnect', 'type-model'].includes(flow.state.prompt?.kind ?? '') || (flow.state.status !== 'needs-user' && flow.state.status !== 'running'));
  if (flow.state.prompt?.kind !== 'type-model') {
    if (mustAsk) expect(f.lineUnknown ?? false).toBe(false);
    return;
  }
  expect(f.lineUnknown).toBe(true);
  expect(flow.state.prompt.refusal.code).toBe('image-line-unknown');
  flow.confirmModel(f.model);
}

/** An update of the family's module to `f`'s image, verified after the restart. */
async function updatesAndVerifies(f: Family): Promise<void> {
  const r = rig(f.scenario);
  const port = await grantAtPort(r);
  const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: familyImage(f) });
  const done = flow.run();
  await typeModelIfAsked(r, flow, f, true);
  await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
  if (flow.state.prompt?.kind === 'confirm-image') flow.confirm();
  await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
  expect(flow.state.failure).toBeNull();
  expect(flow.state.before?.firmwareVersion).toBe(f.from);
  expect(flow.state.before?.impref?.current.carrier).toBe('GENERIC');
  await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
  r.bench.picker.next = 'auto';
  void flow.reconnect();
  await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
  expect(flow.state.failure).toBeNull();
  expect(flow.state.verify).toMatchObject({ ok: true, firmware: f.to, carrier: 'GENERIC' });
  expect((await done).status).toBe('done');
  r.bench.dispose();
}

// SWIX55C is in the platform table since the Sierra forum named it (thread 25342): the EM9191
// goes through without the typed name. An image of a platform no table knows still needs it.
const UNKNOWN_LINE: Family = { ...FAMILIES.find((f) => f.scenario === 'em9191')!, platform: 'SWIZZZZ', product: 'ZZZZ', lineUnknown: true };

it('an image whose line is in no table is written only on the model typed (SWIZZZZ on the EM9191)', () => updatesAndVerifies(UNKNOWN_LINE));

describe.each(FAMILIES)('$scenario', (f) => {
  it(`updates ${f.from} → ${f.to} and verifies`, () => updatesAndVerifies(f));

  it(`switches the carrier image to ${f.other ?? 'GENERIC'}`, async () => {
    const r = rig(f.scenario);
    const port = await grantAtPort(r);
    const target = f.other ?? 'GENERIC';
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port, targetCarrier: target });
    const done = flow.run();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, carrier: target, preferredCarrier: target });
    expect(r.bench.modem().snapshot().carrier).toBe(target);
    expect((await done).status).toBe('done');
    r.bench.dispose();
  });

  it('rescues the module from a boot loop: caught with AT!BOOTHOLD, flashed on its own download device, verified', async () => {
    const r = rig(f.scenario);
    // an interrupted update left it looping (as the RC7620 boot-loop scenario)
    r.bench.modem().flash.health = 'boot-loop';
    r.bench.powerCycle();
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: familyImage(f), model: f.model });
    const done = flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'pick-loop-port' || flow.state.status === 'failed');
    await drive(r.clock, () => r.bench.modem().mode === 'boot-loop' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    await flow.pickLoopPort();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed', 200_000);
    expect(flow.state.failure).toBeNull();
    expect(flow.state.loop?.looping).toBe(true);
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    expect(r.bench.modem().snapshot().usb?.productId).toBe(PROFILES[f.scenario]!.usb.bootPid);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.prompt?.kind === 'type-model' || flow.state.status === 'done' || flow.state.status === 'failed' || flow.state.phase === 'wait-app');
    if (flow.state.prompt?.kind === 'type-model') {
      // the download device names the module, but the image's line is not in our tables
      expect(f.lineUnknown).toBe(true);
      flow.confirmModel(f.model);
      await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed' || flow.state.phase === 'wait-app');
    }
    expect(flow.state.failure).toBeNull();
    if (flow.state.status !== 'done') {
      // the application port comes back under a new grant (download mode has no serial number)
      await drive(r.clock, () => r.bench.modem().snapshot().atReady || flow.state.status === 'done');
      if (flow.state.prompt?.kind === 'reconnect') {
        r.bench.picker.next = 'auto';
        void flow.reconnect();
      }
      await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    }
    expect(flow.state.failure).toBeNull();
    expect(flow.state.catchAttempts).toBe(1);
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: f.to });
    expect(r.bench.modem().snapshot().flashHealth).toBe('ok');
    expect((await done).status).toBe('done');
    r.bench.dispose();
  });
});
