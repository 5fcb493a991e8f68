import { describe, expect, it } from 'vitest';
import { zipSync, Zip, ZipDeflate } from 'fflate';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { goldenTestImageSpec, rc76PackageSpec } from '../../codec/cwe/images.fixture.ts';
import { blobSource, bytesSource } from './byte-source.ts';
import { inspectSource } from './inspect.ts';

const golden = () => buildCwe(goldenTestImageSpec());

describe('inspection engine', () => {
  it('gives a one-line verdict and the identity of a good package', async () => {
    const r = await inspectSource(bytesSource(golden(), 'test-image.spk'));
    expect(r).toMatchObject({
      verdict: 'ok', format: 'spk', product: '9X07', platform: 'SWI9X07H', productLine: 'RC76xx',
      firmwareVersion: '00.08.24.02', configVersion: '001.081_000', carrier: 'GENERIC', compatible: null,
      crcs: { checked: 16, good: 16 }, releaseDate: '2024-01-01',
    });
    expect(r.release).toMatchObject({ release: 9, label: 'Release 9' });
    expect(r.summary).toBe('RC76xx Release 9 GENERIC firmware + carrier config, 3.6 KiB, all 16 CRCs good');
    expect(r.images[0]!.children.map((c) => c.type)).toEqual(['BOOT', 'MODM', 'FILE']);
    expect(r.images[0]!.imageCrc).toEqual({ stored: '0x555B96CA', computed: '0x555B96CA', ok: true });
  });

  it('checks the connected modem: compatible, wrong product, downgrade', async () => {
    const ok = await inspectSource(bytesSource(golden(), 'a.spk'), { modem: { model: 'RC7620-1', firmwareVersion: '00.08.07.00', carrier: 'GENERIC' }, modemConnected: true });
    expect(ok.summary).toMatch(/— compatible with the connected RC7620-1$/);
    const wrong = await inspectSource(bytesSource(golden(), 'a.spk'), { modem: { model: 'EM7455' } });
    expect(wrong.verdict).toBe('refused');
    expect(wrong.compatible).toBe(false);
    expect(wrong.compatibility[0]!.code).toBe('product-mismatch');
    expect(wrong.summary).toMatch(/^Refused: This image is for RC76xx modules/);
    const down = await inspectSource(bytesSource(golden(), 'a.spk'), { modem: { model: 'RC7611', firmwareVersion: '00.09.10.00', carrier: 'SIERRA' } });
    expect(down.verdict).toBe('ok');
    expect(down.compatibility.map((c) => c.code)).toEqual(['downgrade', 'carrier-differs']);
    expect(down.summary).toContain('(check: Downgrade');
  });

  it('refuses a corrupt image naming the image, offset and both CRCs', async () => {
    const bytes = golden();
    bytes[1764 + 400 + 400 + 1] = 0; // inside DSP2
    const r = await inspectSource(bytesSource(bytes, 'bad.spk'));
    expect(r.verdict).toBe('refused');
    expect(r.errors[0]).toMatchObject({ code: 'image-crc-mismatch', offset: 2164 });
    expect(r.summary).toMatch(/^Refused: The DSP2 image at offset 0x874 is corrupt \(CRC stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}\)$/);
  });

  it('refuses a truncated download', async () => {
    const r = await inspectSource(bytesSource(golden().subarray(0, 3000), 'cut.spk'));
    expect(r.errors.map((e) => e.code)).toEqual(['size-out-of-bounds']);
    expect(r.summary).toContain('incomplete');
  });

  it('lists the firmware inside a zip bundle and parses it while inflating', async () => {
    const nvu = buildCwe(rc76PackageSpec({ carrierOnly: true }));
    const zip = zipSync({ 'RC76xx/test-image.spk': golden(), 'RC76xx/GENERIC.nvu': nvu, 'README.txt': new TextEncoder().encode('hi') });
    const r = await inspectSource(bytesSource(zip, 'bundle.zip'), { chunkSize: 1000 });
    expect(r.format).toBe('zip');
    expect(r.verdict).toBe('ok');
    expect(r.entries!.map((e) => [e.name, e.format, e.verdict])).toEqual([
      ['RC76xx/test-image.spk', 'spk', 'ok'],
      ['RC76xx/GENERIC.nvu', 'nvu', 'ok'],
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(['zip-other-files']);
    expect(r.summary).toMatch(/^Zip with 2 firmware file\(s\): RC76xx Release 9 GENERIC/);
  });

  it('handles streamed zips (data descriptors) too', async () => {
    const parts: Uint8Array[] = [];
    const z = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const f = new ZipDeflate('fw.cwe', { level: 1 });
    z.add(f);
    f.push(golden(), true);
    z.end();
    const zip = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      zip.set(p, o);
      o += p.length;
    }
    const r = await inspectSource(bytesSource(zip, 'stream.zip'));
    expect(r.entries?.[0]).toMatchObject({ name: 'fw.cwe', verdict: 'ok', size: 3714 });
  });

  it('says when a zip has no firmware, and when it is damaged', async () => {
    const r = await inspectSource(bytesSource(zipSync({ 'notes.txt': new Uint8Array(3) }), 'x.zip'));
    expect(r.errors.map((e) => e.code)).toEqual(['zip-no-firmware']);
    expect(r.errors[0]!.message).toContain('notes.txt');
    const broken = zipSync({ 'a.spk': golden() }, { level: 6 }).slice(0, 200);
    const b = await inspectSource(bytesSource(broken, 'broken.zip'));
    expect(b.verdict).toBe('refused');
  });

  it('recognises a Sierra Windows installer', async () => {
    const exe = new Uint8Array(5000);
    exe.set([0x4d, 0x5a]);
    exe[0x3c] = 0x80;
    exe.set([0x50, 0x45, 0, 0], 0x80);
    exe.set(Uint8Array.from([...'Sierra Wireless'].flatMap((c) => [c.charCodeAt(0), 0])), 3000);
    const r = await inspectSource(bytesSource(exe, 'setup.exe'));
    expect(r).toMatchObject({ format: 'exe', verdict: 'refused', installer: { pe: true, sierra: true } });
    expect(r.errors[0]!.code).toBe('windows-installer');
    expect(r.summary).toContain('Sierra Wireless Windows installer');
    const plain = await inspectSource(bytesSource(exe.slice(0, 2000), 'tool.exe'));
    expect(plain.installer).toEqual({ pe: true, sierra: false });
  });

  it('explains empty and non-firmware files', async () => {
    expect((await inspectSource(bytesSource(new Uint8Array(0), 'e.spk'))).errors[0]!.code).toBe('empty');
    expect((await inspectSource(bytesSource(new TextEncoder().encode('<html>x</html>'.repeat(50)), 'page.spk'))).errors[0]!.code).toBe('not-cwe');
  });

  it('reports progress as it reads', async () => {
    const seen: number[] = [];
    await inspectSource(bytesSource(buildCwe(goldenTestImageSpec({ dsp2Size: 50_000 })), 'p.spk'), { chunkSize: 8192, onProgress: (d) => seen.push(d) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[seen.length - 1]).toBe(53_414);
  });

  it('inspects a Blob read as a stream (the browser worker path) exactly like bytes', async () => {
    const good = golden();
    const bad = golden();
    bad[1764 + 400 + 400 + 1] = 0;
    const zip = zipSync({ 'RC76xx/test-image.spk': good, 'RC76xx/GENERIC.nvu': buildCwe(rc76PackageSpec({ carrierOnly: true })) });
    for (const [bytes, name] of [[good, 'a.spk'], [bad, 'bad.spk'], [zip, 'b.zip'], [good.subarray(0, 3000), 'cut.spk']] as const) {
      const fromBytes = await inspectSource(bytesSource(bytes, name), { chunkSize: 1000 });
      const fromBlob = await inspectSource(blobSource(new Blob([bytes]), name), { chunkSize: 1000 });
      expect({ ...fromBlob, elapsedMs: 0 }).toEqual({ ...fromBytes, elapsedMs: 0 });
    }
  });

  it('reports progress at most once per chunkSize, and always the end', async () => {
    const seen: number[] = [];
    const bytes = buildCwe(goldenTestImageSpec({ dsp2Size: 50_000 }));
    await inspectSource(blobSource(new Blob([bytes]), 'p.spk'), { chunkSize: 8192, onProgress: (d) => seen.push(d) });
    expect(seen[seen.length - 1]).toBe(bytes.length);
    for (let i = 1; i < seen.length - 1; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(8192);
  });
});

