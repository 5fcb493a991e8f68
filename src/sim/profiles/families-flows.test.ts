/**
 * The guided flows on each family added as data (MC7304/MC7354 9x15 over QDL, EM9191 SDX55 and
 * EM9293 SDX65 over Sahara/Firehose, WP7702 9x06): an update to a newer firmware of the
 * family's own platform, verified after the restart, and a carrier switch to an image the
 * module stores. Virtual clock: the whole file runs in seconds (the e2e suite drives two of
 * them in the built app).
 */
import { describe, expect, it } from 'vitest';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../codec/cwe/images.fixture.ts';
import { flowImageFromBytes } from '../../session/flows/flow-image.ts';
import { GuidedFlow } from '../../session/flows/guided-flow.ts';
import { drive, grantAtPort, rig } from '../../session/flows/rig.fixture.ts';
import type { ScenarioId } from '../scenarios.ts';

interface Family {
  readonly scenario: ScenarioId;
  readonly platform: string;
  readonly product: string;
  readonly from: string;
  readonly to: string;
  readonly config: string;
  /** A carrier image the scenario stores besides GENERIC. */
  readonly other: string | null;
}

const FAMILIES: readonly Family[] = [
  { scenario: 'mc7304', platform: 'SWI9X15C', product: '9X15', from: '05.05.02.00', to: '05.05.63.01', config: '005.026_000', other: null },
  { scenario: 'mc7354', platform: 'SWI9X15C', product: '9X15', from: '05.05.02.00', to: '05.05.63.01', config: '005.026_000', other: null },
  { scenario: 'em9191', platform: 'SWIX55C', product: 'X55C', from: '02.08.01.00', to: '02.09.06.00', config: '030.022_000', other: null },
  { scenario: 'em9293', platform: 'SWIX65C', product: 'X65C', from: '02.13.08.00', to: '02.17.08.00', config: '030.035_000', other: 'ROGERS' },
  { scenario: 'wp7702', platform: 'SWI9X06Y', product: '9X06', from: '02.16.06.00', to: '02.28.03.03', config: '001.030_000', other: 'ATT' },
];

describe.each(FAMILIES)('$scenario', (f) => {
  it(`updates ${f.from} → ${f.to} and verifies`, async () => {
    const r = rig(f.scenario);
    const port = await grantAtPort(r);
    const bytes = buildCwe(rc76PackageSpec({ platform: f.platform, product: f.product, firmware: f.to, carrier: 'GENERIC', config: f.config, modemSize: 60_000 }));
    const image = flowImageFromBytes(bytes, `${f.platform}_${f.to}_GENERIC_${f.config}.spk`, { platform: f.platform, product: f.product, firmwareVersion: f.to, carrier: 'GENERIC', sha256: 'b'.repeat(64) });
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image });
    const done = flow.run();
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
  });

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
});
