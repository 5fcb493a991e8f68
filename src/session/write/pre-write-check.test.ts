import { describe, expect, it, vi } from 'vitest';
import { FIXTURE_BAD_WHY } from './known-bad.fixture.ts';
import { writeImageOf } from './write-image.ts';

vi.mock('../../knowledge/firmware/known-bad.ts', async (real) => (await import('./known-bad.fixture.ts')).withFixtureKnownBad(await real()));
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import { checkBeforeWrite } from './pre-write-check.ts';
import { renderRefusal } from './refusal.ts';
import { writeImageOfKind, type ImageKind } from './write-images.fixture.ts';
import type { ModuleIdentity } from './module-identity.ts';

const rc7620: ModuleIdentity = { source: 'at', model: 'RC7620-1', platform: 'SWI9X07H', firmwareVersion: 'SWI9X07H_00.08.07.00', carrier: 'GENERIC' };
const usbRc76: ModuleIdentity = { source: 'usb', model: null, usb: { vendorId: 0x1199, productId: 0x68c0 } };
const usbEm74: ModuleIdentity = { source: 'usb', model: null, usb: { vendorId: 0x1199, productId: 0x9070 } };
const nothing: ModuleIdentity = { source: 'none', model: null };
const fr = (r: Parameters<typeof renderRefusal>[0]) => renderRefusal(r, (t, p) => fillTemplate(t.fr, p));

async function check(kind: ImageKind, module: ModuleIdentity, typed?: string) {
  const { image } = await writeImageOfKind(kind, 300);
  return checkBeforeWrite({ images: [image], module, ...(typed !== undefined ? { typedConfirmation: typed } : {}) });
}

describe('the pre-write check', () => {
  it('lets the right image onto an RC7620-1 identified over AT, with its cautions', async () => {
    const r = await check('right-product', rc7620);
    expect(r).toMatchObject({ ok: true, imageLine: 'RC76xx', moduleLine: 'RC76xx', confirmedBy: null });
  });

  it.each([
    ['corrupt', 'image-corrupt', /damaged/],
    ['truncated', 'image-truncated', /cut short/],
  ] as const)('refuses a %s image even when the user typed the model (%s)', async (kind, code, text) => {
    for (const typed of [undefined, 'RC7620']) {
      const r = await check(kind, rc7620, typed);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.refusal).toMatchObject({ code, confirmable: false });
      expect(r.refusal.message).toMatch(text);
      expect(r.refusal.message).toMatch(/Nothing was sent/);
      expect(fr(r.refusal)).toMatch(/Rien n’a été envoyé/);
    }
  });

  it('refuses an EM74xx (9X30) image for an RC7620-1, naming both lines and where the module identity came from; typing does not override', async () => {
    for (const typed of [undefined, 'RC7620-1']) {
      const r = await check('other-line', rc7620, typed);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.refusal.code).toBe('product-mismatch');
      expect(r.refusal.message).toBe(
        'other-line.spk is for EM/MC74xx modules (product 9X30); this module is RC7620-1 (RC76xx, from its AT answers). Nothing was sent; choose the image made for this module.',
      );
      expect(fr(r.refusal)).toContain('d’après ses réponses AT');
    }
  });

  it('checks against a download-mode USB identity that names one line (rescue: the module, never the image)', async () => {
    const r = await check('right-product', usbEm74);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal).toMatchObject({ code: 'product-mismatch', params: { moduleLine: 'EM/MC74xx', source: 'usb' } });
    expect((await check('other-line', usbEm74)).ok).toBe(true);
  });

  it('an unknown image line needs the module model typed; the wrong name is refused', async () => {
    const r = await check('unknown-line', rc7620);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'image-line-unknown', confirmable: true, expectTyped: 'RC7620-1' } });
    expect(await check('unknown-line', rc7620, 'EM7455')).toMatchObject({ ok: false, refusal: { code: 'confirmation-mismatch' } });
    expect(await check('unknown-line', rc7620, ' rc7620 ')).toMatchObject({ ok: true, confirmedBy: { typed: 'rc7620', reason: 'image-line-unknown' } });
  });

  it('a module with no identity (or 1199:68C0, shared by three lines) needs a model: the typed one is then checked like any other', async () => {
    for (const m of [nothing, usbRc76]) {
      const r = await check('right-product', m);
      expect(r).toMatchObject({ ok: false, refusal: { code: 'module-line-unknown', confirmable: true, expectTyped: null } });
      if (!r.ok) expect(r.refusal.message).toMatch(/cannot tell which product line/);
      // Typing an EM7455 for an RC76xx image is a mismatch, not a confirmation.
      expect(await check('right-product', m, 'EM7455')).toMatchObject({ ok: false, refusal: { code: 'product-mismatch' } });
      expect(await check('right-product', m, 'RC7620')).toMatchObject({ ok: true, moduleLine: 'RC76xx', module: { model: 'RC7620', source: 'user' }, confirmedBy: null });
      expect(await check('right-product', m, 'yes')).toMatchObject({ ok: false, refusal: { code: 'confirmation-mismatch' } });
    }
  });

  it('a stated model whose line is not in the tables (WP7702-like ZZ0000) takes the same typed name', async () => {
    const zz: ModuleIdentity = { source: 'user', model: 'ZZ0000' };
    expect(await check('right-product', zz)).toMatchObject({ ok: false, refusal: { code: 'module-line-unknown', expectTyped: 'ZZ0000' } });
    expect(await check('right-product', zz, 'ZZ0000')).toMatchObject({ ok: true, confirmedBy: { reason: 'module-line-unknown' } });
  });

  it('no image at all is refused', () => {
    expect(checkBeforeWrite({ images: [], module: rc7620 })).toMatchObject({ ok: false, refusal: { code: 'no-image' } });
  });
});

describe('two witnesses for the module', () => {
  it('a model stated as RC7620 on an EM74xx download port (1199:9070) is refused, whichever image', async () => {
    const m: ModuleIdentity = { source: 'cli-model', model: 'RC7620', usb: { vendorId: 0x1199, productId: 0x9070 } };
    for (const kind of ['right-product', 'other-line'] as const) {
      const r = await check(kind, m, 'RC7620');
      expect(r).toMatchObject({ ok: false, refusal: { code: 'identity-conflict', confirmable: false } });
      if (!r.ok) expect(r.refusal.message).toBe('The module is given as RC7620 (RC76xx, from --model), but its port identifies as 1199:9070 (EM/MC74xx). Nothing was sent; check which module is connected and which model you gave.');
    }
  });
});

describe('a known-bad file', () => {
  it('is refused on the model it is bad for, with the reason and its public source in English and French; typing does not override', async () => {
    for (const typed of [undefined, 'RC7620-1']) {
      const r = await check('known-bad', rc7620, typed);
      expect(r).toMatchObject({ ok: false, refusal: { code: 'image-known-bad', confirmable: false } });
      if (r.ok) return;
      expect(r.refusal.message).toMatch(/^known-bad\.spk is a file known to be wrong for RC7620-1 \(SHA-256 [0-9a-f]{12}…\): test fixture: this file is declared bad/);
      expect(r.refusal.message).toMatch(/Nothing was sent to the module\. Source: Boothold test fixture, https:\/\/example\.invalid\/known-bad$/);
      const french = fr(r.refusal);
      expect(french).toContain(FIXTURE_BAD_WHY.fr);
      expect(french).toMatch(/^known-bad\.spk est un fichier connu pour ne pas convenir au RC7620-1 .*Rien n’a été envoyé au module\./);
      expect(french).not.toContain(FIXTURE_BAD_WHY.en);
    }
  });

  it('the same bytes pass on a model the entry does not name', async () => {
    const rc7611: ModuleIdentity = { ...rc7620, model: 'RC7611' };
    expect(await check('known-bad', rc7611)).toMatchObject({ ok: true });
  });

  it('an unnamed module (1199:68C0) is asked for its model first; the typed model then meets the list', async () => {
    expect(await check('known-bad', usbRc76)).toMatchObject({ ok: false, refusal: { code: 'module-line-unknown' } });
    expect(await check('known-bad', usbRc76, 'RC7620')).toMatchObject({ ok: false, refusal: { code: 'image-known-bad' } });
  });

  it('the real published RC7620 Release 10 file (SHA-256 from forum topic 31738) is refused on an RC7620-1', async () => {
    const { image } = await writeImageOfKind('right-product', 300);
    const r10 = writeImageOf(image.image, image.declared, [], '185E5F4AD06941F0507C529AEA92A4ADAEEDF2F3062B70EBDA4FBA0AA0C54DD9');
    const r = checkBeforeWrite({ images: [r10], module: rc7620 });
    expect(r).toMatchObject({ ok: false, refusal: { code: 'image-known-bad' } });
    if (!r.ok) {
      expect(r.refusal.message).toContain('RC7611 Release 10 package published under the RC7620 name');
      expect(r.refusal.message).toContain('https://forum.sierrawireless.com/t/31738');
      expect(fr(r.refusal)).toContain('publié sous le nom du RC7620');
    }
    expect(checkBeforeWrite({ images: [r10], module: { ...rc7620, model: 'RC7611-1' } }).ok).toBe(true);
  });

  it('the hash is computed when the image is prepared, once: the check only reads it', async () => {
    const { image, bytes } = await writeImageOfKind('right-product', 300);
    const { createHash } = await import('node:crypto');
    expect(image.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // a thousand checks of a prepared image: no file read, well under the time of one hash
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) checkBeforeWrite({ images: [image], module: rc7620 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
