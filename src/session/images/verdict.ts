/**
 * The one-line verdict: built as data from a report (so it can be stored and re-rendered in
 * another language), rendered by `renderHeadline` with whichever language picker the caller has.
 */
import { ISSUE_TEXT, VERDICT_TEXT, type IssueTextKey, type Localized } from '../../knowledge/firmware/inspection-text.ts';
import { COMPATIBILITY_TEXT, type CompatibilityCode } from '../../knowledge/compatibility.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import type { Headline, IssueParams } from './report.ts';

/** Renders a Localized template with params; the UI passes its locale-aware `loc`. */
export type Render = (text: Localized, params?: IssueParams) => string;

export const renderEnglish: Render = (text, params) => fillTemplate(text.en, params ?? {});

export function renderHeadline(h: Headline, render: Render): string {
  if (h.verdict === 'refused') {
    const text = h.reason ? (ISSUE_TEXT[h.reason.key as IssueTextKey] ?? COMPATIBILITY_TEXT[h.reason.key as CompatibilityCode]) : undefined;
    const reason = h.reason ? (text ? render(text, h.reason.params) : h.reason.key) : '';
    return render(VERDICT_TEXT.refused, { reason: reason.replace(/\.$/, '') });
  }
  const what = h.what ? render(VERDICT_TEXT[h.what.key], { name: h.what.name }) : render(VERDICT_TEXT.unknownContents, { name: 'CWE' });
  const subject = h.zipCount !== null ? render(VERDICT_TEXT.zip, { count: h.zipCount, first: what }) : what;
  const unit = render(h.sizeUnit === 'MiB' ? VERDICT_TEXT.unitMiB : VERDICT_TEXT.unitKiB);
  let line = h.crcs ? render(VERDICT_TEXT.ok, { what: subject, size: h.size, unit, crcs: h.crcs }) : render(VERDICT_TEXT.okNoCrc, { what: subject, size: h.size, unit });
  if (h.compat) line += render(VERDICT_TEXT[h.compat.key], { model: h.compat.model });
  if (h.cautions.length) {
    const list = h.cautions.map((c) => render(COMPATIBILITY_TEXT[c.code as CompatibilityCode], c.params).replace(/\.$/, '')).join('; ');
    line += render(VERDICT_TEXT.cautions, { list });
  }
  return line;
}
