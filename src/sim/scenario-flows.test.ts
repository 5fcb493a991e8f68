/**
 * The scenario × flow matrix on a virtual clock: every scenario the built app's
 * tests/e2e/flows-scenarios.test.ts drove in the browser, with the same outcome checks (the
 * update verified at the new firmware; a carrier switch on a module already on GENERIC whose
 * re-run check names the real problem, not the carrier). The browser keeps one family per
 * download protocol; this file keeps the rest of the matrix at unit speed.
 */
import { describe, expect, it } from 'vitest';
import { buildCwe } from '../codec/cwe/writer.ts';
import { rc76PackageSpec } from '../codec/cwe/images.fixture.ts';
import { goldenImageBytes } from '../session/download/image.fixture.ts';
import { flowImageFromBytes, type FlowImage } from '../session/flows/flow-image.ts';
import { GuidedFlow } from '../session/flows/guided-flow.ts';
import { drive, grantAtPort, rig } from '../session/flows/rig.fixture.ts';
import type { ScenarioId } from './scenarios.ts';

interface Img {
  readonly platform: string;
  readonly product: string;
  readonly fw: string;
  readonly config: string;
}

const RC76: Img = { platform: 'SWI9X07H', product: '9X07', fw: '00.08.24.02', config: '' };
const EM74: Img = { platform: 'SWI9X30C', product: '9X30', fw: '02.30.01.01', config: '002.045_000' };
const EM75: Img = { platform: 'SWI9X50C', product: '9X50', fw: '01.07.02.00', config: '002.019_000' };
const WP76: Img = { platform: 'SWI9X07Y', product: '9X28', fw: '02.38.00.00', config: '002.090_000' };

function image(img: Img): FlowImage {
  // the RC76 image is the golden Release 9 package the e2e used; the others are built for their line
  const bytes =
    img === RC76
      ? goldenImageBytes(200_000)
      : buildCwe(rc76PackageSpec({ platform: img.platform, product: img.product, firmware: img.fw, carrier: 'GENERIC', config: img.config, modemSize: 80_000 }));
  return flowImageFromBytes(bytes, `${img.platform}_${img.fw}_GENERIC.spk`, { platform: img.platform, product: img.product, firmwareVersion: img.fw, carrier: 'GENERIC', sha256: 'c'.repeat(64) });
}

const UPDATES: readonly (readonly [ScenarioId, Img])[] = [
  ['healthy', RC76],
  ['sim-pin', RC76],
  ['no-signal', RC76],
  ['em7455', EM74],
  ['em7565', EM75],
  ['wp7607', WP76],
];

describe('update flow on every module', () => {
  it.each(UPDATES)('%s: update and verify', async (scenario, img) => {
    const r = rig(scenario);
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: image(img) });
    const done = flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
    if (flow.state.prompt?.kind === 'confirm-image') flow.confirm();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: img.fw });
    expect((await done).status).toBe('done');
    r.bench.dispose();
  });
});

describe('carrier switch when the SIM or the radio is the problem', () => {
  it.each(['sim-pin', 'no-signal'] as const)('%s: already on GENERIC, the re-run check names the real problem', async (scenario) => {
    const r = rig(scenario);
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port, targetCarrier: 'GENERIC' });
    const done = flow.run();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    const ids = flow.state.findings.map((f) => f.id);
    expect(ids).not.toContain('carrier-mismatch');
    expect(ids.length).toBeGreaterThan(0);
    expect((await done).status).toBe('done');
    r.bench.dispose();
  });
});
