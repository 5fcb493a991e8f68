/**
 * Turns the codec's typed findings into report issues: a text key, display parameters (hex
 * offsets and CRCs) and the English message, all from the same template table.
 */
import type { CweError, CweWarning } from '../../codec/cwe/issues.ts';
import { ISSUE_TEXT, type IssueTextKey } from '../../knowledge/firmware/inspection-text.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import type { IssueParams, ReportIssue } from './report.ts';

export const hex32 = (v: number) => '0x' + (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
export const hexOffset = (v: number) => '0x' + v.toString(16).toUpperCase();

export function issue(code: string, textKey: IssueTextKey, offset: number | null, params: IssueParams, entry?: string): ReportIssue {
  const full: IssueParams = offset === null ? params : { offset, offsetHex: hexOffset(offset), ...params };
  return {
    code,
    message: fillTemplate(ISSUE_TEXT[textKey].en, full),
    offset,
    textKey,
    params: full,
    ...(entry !== undefined ? { entry } : {}),
  };
}

export function fromCweFinding(f: CweError | CweWarning, entry?: string): ReportIssue {
  switch (f.code) {
    case 'empty':
    case 'not-cwe':
      return issue(f.code, f.code, f.offset, {}, entry);
    case 'truncated':
      return issue(f.code, f.code, f.offset, { available: f.available, needed: f.needed }, entry);
    case 'header-crc-mismatch':
    case 'image-crc-mismatch':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType, stored: hex32(f.stored), computed: hex32(f.computed) }, entry);
    case 'size-out-of-bounds':
      return issue(f.code, `size-out-of-bounds.${f.reason}`, f.offset, {
        imageType: f.imageType,
        reason: f.reason,
        declaredEnd: f.declaredEnd,
        limit: f.limit,
        extra: f.limit - f.declaredEnd,
      }, entry);
    case 'depth-limit':
      return issue(f.code, f.code, f.offset, { limit: f.depth - 1 }, entry);
    case 'non-printable':
      return issue(f.code, f.code, f.offset, { field: f.field }, entry);
    case 'unknown-type':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType }, entry);
    case 'crc-indicator':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType, value: f.value }, entry);
    case 'header-revision':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType, revision: f.revision }, entry);
    case 'padding':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType, length: f.length }, entry);
    case 'product-differs':
      return issue(f.code, f.code, f.offset, { imageType: f.imageType, product: f.product, topProduct: f.topProduct }, entry);
  }
}
