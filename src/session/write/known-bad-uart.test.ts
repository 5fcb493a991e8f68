/**
 * The UART path (session/uart) against the known-bad list: the same one write check, so a file
 * declared bad for the RC7620 is refused before the first XMODEM block, with the reason in both
 * languages. (The USB paths, the CLI and the flows are rows of write-paths.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../sim/clock.ts';
import { createUartRig } from '../../sim/uart/index.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import { bytesSource } from '../images/byte-source.ts';
import { isUartUpdateError } from '../uart/errors.ts';
import { UartUpdateJob } from '../uart/job.ts';
import { inPlacePort } from '../uart/port.ts';
import { smallRc76Package } from '../uart/packages.fixture.ts';
import { FIXTURE_BAD_WHY } from './known-bad.fixture.ts';
import { renderRefusal } from './refusal.ts';

vi.mock('../../knowledge/firmware/known-bad.ts', async (real) => {
  // imported here: the factory runs while the imports above are still loading
  const [{ smallRc76Package: pkg }, { withFixtureKnownBad }] = await Promise.all([import('../uart/packages.fixture.ts'), import('./known-bad.fixture.ts')]);
  return withFixtureKnownBad(await real(), [pkg()]);
});

describe('UART update of a known-bad package', () => {
  it('is refused by the write check before any byte goes to the module', async () => {
    const clock = new VirtualClock();
    const rig = createUartRig({ profile: 'rc7620', clock });
    const job = new UartUpdateJob({ port: inPlacePort('virtual ttyS1', null, rig.transport()), image: bytesSource(smallRc76Package(), 'pkg.spk'), clock, hostFlowControl: true, rebootTimeoutMs: 300_000 });
    let done = false;
    const boot = new Promise<void>((r) => clock.setTimeout(r, 3_500));
    await clock.until(() => (void boot.then(() => (done = true)), done), 10_000);
    let err: unknown = null;
    let ended = false;
    void job.check().then(
      () => (ended = true),
      (e) => ((err = e), (ended = true)),
    );
    await clock.until(() => ended, 1_200_000);
    expect(isUartUpdateError(err, 'image-refused')).toBe(true);
    expect(job.refusal).toMatchObject({ code: 'image-known-bad', confirmable: false });
    expect(job.refusal!.message).toMatch(/^pkg\.spk is a file known to be wrong for RC7620-1 .*Nothing was sent to the module/);
    expect(renderRefusal(job.refusal!, (t, p) => fillTemplate(t.fr, p))).toContain(FIXTURE_BAD_WHY.fr);
    expect(rig.module.snapshot().received).toBe(0);
    rig.dispose();
  });
});
