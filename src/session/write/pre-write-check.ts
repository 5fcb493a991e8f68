/**
 * The check every write path runs before its first byte: is the image sound, whole and made
 * for THIS module's product line? Pure (no I/O), so the UI can show its answer while the user
 * is still choosing, and the job runs it again right before writing.
 *
 * Rules, in order:
 *  1. no image, not a CWE file, corrupt (inspection refused), truncated (size ≠ header) → refused;
 *  2. the module's stated/AT line and its USB identity's line differ → refused; both product
 *     lines known and different → refused (a typed name overrides neither);
 *  3. either line unknown → refused unless the user typed the module's model name: when the
 *     module has a model, the typed text must be that model; when it has none, the typed text
 *     becomes the stated model and is checked again by rule 2 (so typing "EM7455" for an
 *     RC76xx image is a mismatch, not a confirmation);
 *  4. a file whose SHA-256 is on the known-bad list for the module's model (knowledge/firmware/
 *     known-bad.ts) → refused with the published reason and its source; typing does not override
 *     (the hash is computed once when the image is prepared — write-image.ts — not here);
 *  5. otherwise allowed; downgrade / carrier change / re-flash come back as cautions.
 */
import { checkCompatibility, type CompatibilityFinding } from '../../knowledge/compatibility.ts';
import { imageLineOf } from '../../knowledge/compatibility.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import { readCweHeader } from '../download/image.ts';
import { lineOfUsb, moduleLabel, moduleLineOf, type ModuleIdentity } from './module-identity.ts';
import { modemLineOf } from '../../knowledge/compatibility.ts';
import { knownBadImage } from '../../knowledge/firmware/known-bad.ts';
import { refusal, type WriteRefusal } from './refusal.ts';
import type { WriteImage } from './write-image.ts';

const TRUNCATION_CODES = new Set(['truncated', 'size-out-of-bounds']);

export interface WriteCheckInput {
  readonly images: readonly WriteImage[];
  readonly module: ModuleIdentity;
  /** What the user typed to confirm an unknown product line (undefined/empty: nothing typed). */
  readonly typedConfirmation?: string | null;
}

export type WriteCheck =
  | {
      readonly ok: true;
      readonly imageLine: ProductLine | null;
      readonly moduleLine: ProductLine | null;
      /** The module as checked: with the typed model when that is what named it. */
      readonly module: ModuleIdentity;
      /** Set when an unknown line was accepted on the user's typed word (the journal records it). */
      readonly confirmedBy: { readonly typed: string; readonly reason: 'image-line-unknown' | 'module-line-unknown' } | null;
      /** Downgrade, carrier change, re-flash: shown, never blocking. */
      readonly cautions: readonly CompatibilityFinding[];
    }
  | { readonly ok: false; readonly refusal: WriteRefusal };

/** Upper-case, no spaces; `RC7620-1` also answers to `RC7620`. */
function sameModel(typed: string, model: string): boolean {
  const t = typed.trim().toUpperCase().replace(/\s+/g, '');
  const m = model.trim().toUpperCase().replace(/\s+/g, '');
  return t === m || t === m.replace(/-\d+$/, '');
}

/** A typed model name worth taking as the user's word: letters then digits, as Sierra names them. */
const MODEL_SHAPE = /^[A-Z]{2}\d{4}[A-Z0-9-]*$/i;

function soundness(w: WriteImage): WriteRefusal | null {
  const img = w.image;
  const name = img.name;
  const problems = img.inspection.problems ?? [];
  if (img.inspection.verdict !== 'ok') {
    if (w.issueCodes.some((c) => TRUNCATION_CODES.has(c))) {
      const h = readCweHeader(img.header);
      return refusal('image-truncated', { name, actual: img.source.size, expected: h ? CWE_HEADER_SIZE + h.imageSize : '?' });
    }
    if (problems.some((p) => /not a CWE image/.test(p)) && w.issueCodes.length === 0) {
      return refusal('image-not-cwe', { name, format: problems[0]?.match(/^An? (\w+) file/)?.[1] ?? '?' });
    }
    return refusal('image-corrupt', { name, why: problems.join('; ').replace(/\.$/, '') || img.inspection.verdict });
  }
  const h = readCweHeader(img.header);
  if (!h || img.header.length < CWE_HEADER_SIZE) return refusal('image-truncated', { name, actual: img.source.size, expected: '≥ 400' });
  if (CWE_HEADER_SIZE + h.imageSize !== img.source.size) {
    return refusal('image-truncated', { name, actual: img.source.size, expected: CWE_HEADER_SIZE + h.imageSize });
  }
  return null;
}

export function checkBeforeWrite(input: WriteCheckInput): WriteCheck {
  if (input.images.length === 0) return { ok: false, refusal: refusal('no-image', {}) };
  for (const w of input.images) {
    const bad = soundness(w);
    if (bad) return { ok: false, refusal: bad };
  }
  const typed = input.typedConfirmation?.trim() || null;
  let module = input.module;
  // Nothing names the module but the user typed a model: that is their statement of it.
  if (typed && !module.model && moduleLineOf(module) === null && MODEL_SHAPE.test(typed)) module = { ...module, model: typed, source: 'user' };
  // A line picked from the list, no model named: the typed name may say which model it is.
  if (typed && !module.model && module.line && MODEL_SHAPE.test(typed)) module = { ...module, model: typed };
  const moduleLine = moduleLineOf(module);
  // Two witnesses for the module that disagree (an EM74xx download port given as "RC7620"): the
  // user's word does not win over the hardware, nor the other way round.
  const statedLine = module.line ?? modemLineOf({ model: module.model, platform: module.platform ?? null, firmwareVersion: module.firmwareVersion ?? null });
  const usbLine = lineOfUsb(module.usb);
  if (statedLine && usbLine && statedLine !== usbLine) {
    return { ok: false, refusal: refusal('identity-conflict', { model: module.model ?? module.line ?? module.platform ?? '?', modelLine: statedLine, source: module.source, usb: moduleLabel({ source: 'usb', model: null, usb: module.usb ?? null }), usbLine }) };
  }
  // A file published with the wrong bytes for this model: its headers may look right, its hash says otherwise.
  for (const w of input.images) {
    const bad = knownBadImage(w.sha256, module.model);
    if (bad) {
      const source = bad.sources[0];
      return {
        ok: false,
        refusal: refusal(
          'image-known-bad',
          { name: w.image.name, model: module.model ?? '?', hash: `${bad.sha256.slice(0, 12)}…`, sourceTitle: source.title, sourceUrl: source.url },
          { localized: { why: bad.why } },
        ),
      };
    }
  }
  let confirmedBy: Extract<WriteCheck, { ok: true }>['confirmedBy'] = null;
  const cautions: CompatibilityFinding[] = [];
  let firstImageLine: ProductLine | null = null;
  for (const [i, w] of input.images.entries()) {
    const imageLine = imageLineOf(w.declared);
    if (i === 0) firstImageLine = imageLine;
    const params = {
      name: w.image.name,
      imageLine: imageLine ?? '?',
      imageProduct: w.declared.productCode ?? w.image.inspection.product ?? '?',
      module: moduleLabel(module),
      moduleLine: moduleLine ?? '?',
      source: module.source,
    };
    if (imageLine && moduleLine && imageLine !== moduleLine) return { ok: false, refusal: refusal('product-mismatch', params) };
    if (!imageLine || !moduleLine) {
      const reason = !imageLine ? 'image-line-unknown' : 'module-line-unknown';
      const expect = module.model;
      if (!typed) return { ok: false, refusal: refusal(reason, params, { confirmable: true, expectTyped: expect }) };
      if (expect && !sameModel(typed, expect)) return { ok: false, refusal: refusal('confirmation-mismatch', { typed, expected: expect }, { confirmable: true, expectTyped: expect }) };
      if (!expect && !MODEL_SHAPE.test(typed)) return { ok: false, refusal: refusal('confirmation-mismatch', { typed, expected: 'a model name such as EM7455 or RC7620' }, { confirmable: true }) };
      confirmedBy = { typed, reason };
    }
    const compat = checkCompatibility(w.declared, {
      model: module.model,
      platform: module.platform ?? null,
      firmwareVersion: module.firmwareVersion ?? null,
      carrier: module.carrier ?? null,
    });
    for (const f of compat.findings) if (f.code !== 'line-unknown' && f.code !== 'product-mismatch') cautions.push(f);
  }
  return { ok: true, imageLine: firstImageLine, moduleLine, module, confirmedBy, cautions };
}
