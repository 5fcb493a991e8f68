import type { Finding } from '../../knowledge/rules/types.ts';
import type { StoredFinding } from './schema.ts';

/** A live Finding as stored in a log: plain data, both languages, fix actions by id. */
export function storeFinding(f: Finding): StoredFinding {
  return {
    id: f.id,
    severity: f.severity,
    title: { en: f.title.en, fr: f.title.fr },
    detail: { en: f.detail.en, fr: f.detail.fr },
    nextSteps: f.nextSteps.map((s) => ({ text: { en: s.text.en, fr: s.text.fr }, actionId: s.action?.id ?? null })),
    source: f.source,
    evidence: [...f.evidence],
  };
}
