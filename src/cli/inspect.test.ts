import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCwe } from '../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../codec/cwe/images.fixture.ts';
import { run } from './inspect.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'boothold-inspect-'));
  writeFileSync(path.join(dir, 'good.spk'), buildCwe(goldenTestImageSpec()));
  writeFileSync(path.join(dir, 'bad.spk'), buildCwe({ ...goldenTestImageSpec(), fault: { imageCrc: 1 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function capture(argv: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await run(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('boothold inspect', () => {
  it('prints one JSON object with the documented fields and exits 0 for a good image', async () => {
    const { code, out } = await capture([path.join(dir, 'good.spk'), '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    for (const k of ['file', 'size', 'sha256', 'format', 'verdict', 'errors', 'warnings', 'product', 'firmwareVersion', 'carrier', 'images', 'compatible', 'compatibility'])
      expect(j).toHaveProperty(k);
    expect(j).toMatchObject({ file: 'good.spk', size: 3714, format: 'spk', verdict: 'ok', compatible: null });
    expect(j.sha256).toBe('7e34d39194ae1f353ce70f0f9f47feec2cb21499f13d5de24a6505b1371167e1');
    const top = j.images[0];
    for (const k of ['type', 'product', 'version', 'date', 'offset', 'size', 'headerCrc', 'imageCrc', 'children']) expect(top).toHaveProperty(k);
  });

  it('exits 1 with the error code and offset when refused', async () => {
    const { code, out } = await capture([path.join(dir, 'bad.spk'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out).errors[0]).toMatchObject({ code: 'image-crc-mismatch', offset: 0 });
  });

  it('checks --target compatibility', async () => {
    const wrong = await capture([path.join(dir, 'good.spk'), '--json', '--target', 'EM7455']);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out)).toMatchObject({ compatible: false, compatibility: [{ code: 'product-mismatch' }] });
    const byPlatform = await capture([path.join(dir, 'good.spk'), '--json', '--target', 'SWI9X30C']);
    expect(JSON.parse(byPlatform.out).compatible).toBe(false);
    const down = await capture([path.join(dir, 'good.spk'), '--json', '--target', 'RC7611', '--target-firmware', '00.09.10.00', '--target-carrier', 'SIERRA']);
    expect(down.code).toBe(0);
    expect(JSON.parse(down.out).compatibility.map((c: { code: string }) => c.code)).toEqual(['downgrade', 'carrier-differs']);
    const right = await capture([path.join(dir, 'good.spk'), '--target=RC7620-1']);
    expect(right.code).toBe(0);
    expect(right.out.split('\n')[0]).toMatch(/compatible with RC7620-1$/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await capture([])).code).toBe(2);
    expect((await capture(['--bogus', 'x'])).code).toBe(2);
    expect((await capture([path.join(dir, 'missing.spk')])).err).toContain('no such file');
    expect((await capture(['--target'])).code).toBe(2);
    expect((await capture(['--help'])).code).toBe(0);
  });
});
