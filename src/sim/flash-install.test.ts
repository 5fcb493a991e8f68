import { describe, expect, it } from 'vitest';
import { buildCwe } from '../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../codec/cwe/images.fixture.ts';
import { VirtualFlash } from './download/index.ts';
import { factoryFlash } from './flash.ts';
import { installOutcome, readWrittenImages, verifyImages } from './flash-install.ts';
import { EM7455, EM74_02_24, EM74_GENERIC_02_24 } from './profiles/em7455.ts';
import { RC7620_1, RC76_R8, RC76_R8_SIERRA } from './profiles/rc7620-1.ts';

function written(bytes: Uint8Array): VirtualFlash {
  const flash = new VirtualFlash();
  const w = flash.begin('firehose', bytes.length);
  w.write(bytes);
  w.finish();
  return flash;
}

describe('booting what was flashed', () => {
  it('reads firmware and carrier from the CWE headers', () => {
    const f = written(buildCwe(goldenTestImageSpec()));
    const out = readWrittenImages(f.images, RC7620_1);
    expect(out.firmware).toMatchObject({ platform: 'SWI9X07H', version: '00.08.24.02', buildId: 'r0', builder: 'test' });
    expect(out.pris).toEqual([{ carrier: 'GENERIC', priVersion: '001.081', index: '000', fwVersion: '00.08.24.02', partNumber: '9999999' }]);
    const flash = factoryFlash(RC7620_1, RC76_R8, [RC76_R8_SIERRA], RC76_R8_SIERRA);
    expect(installOutcome(flash, RC7620_1, f.bootOutcome())).toBe('installed firmware 00.08.24.02, carrier GENERIC 001.081');
    expect(flash.firmware.map((x) => x.version)).toEqual(['00.08.24.02']);
    expect(flash.preferred).toMatchObject({ carrier: 'GENERIC', fwVersion: '00.08.24.02' });
    expect(flash.health).toBe('ok');
  });

  it('refuses an image with a bad CRC or for another product, and stays in download mode', () => {
    const bytes = buildCwe(goldenTestImageSpec());
    const corrupt = bytes.slice();
    corrupt[1000] = corrupt[1000]! ^ 0xff;
    expect(verifyImages(written(corrupt).images, RC7620_1)).toMatch(/crc-mismatch/);
    const flash = factoryFlash(EM7455, EM74_02_24, [EM74_GENERIC_02_24], EM74_GENERIC_02_24);
    expect(installOutcome(flash, EM7455, written(bytes).bootOutcome())).toMatch(/refuses .*product 9X07, this module is 9X30/);
    expect(flash.health).toBe('hold');
    expect(flash.firmware.map((x) => x.version)).toEqual(['02.24.05.06']);
  });
});
