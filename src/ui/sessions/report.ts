/**
 * The human-readable reports of a session, in one language: what modem, what was found, what
 * was done, what happened, what to do next. HTML (a self-contained page, no script, every
 * modem string escaped) and plain text; plus the short "bug report" for the clipboard.
 * Identifiers are masked unless the caller opts out.
 */
import type { Locale } from '../../text/locale.ts';
import { redactJournal } from '../../session/logs/redaction.ts';
import type { JournalData, JournalMeta, StoredFinding } from '../../session/logs/schema.ts';
import { describeEvent, flowsLabel, outcomeLabel, outcomeText } from './describe.ts';
import { formatBytes, formatDateTime, formatDuration, formatTime, tr } from './format.ts';
import { publicSources, publicSourcesText } from '../../knowledge/sources.ts';

export interface ReportOptions {
  readonly locale: Locale;
  readonly appVersion: string;
  readonly includeIdentifiers?: boolean;
  readonly now?: number;
}

/** "Label: value" with the language's punctuation (French puts a space before the colon). */
function lv(l: Locale, label: string, value: string): string {
  return tr(l, 'labelled', { label, value });
}

function prepare(data: JournalData, o: ReportOptions): JournalData {
  return o.includeIdentifiers ? data : redactJournal(data);
}

function factRows(meta: JournalMeta, l: Locale): { modem: [string, string][]; environment: [string, string][]; summary: [string, string][] } {
  const d = meta.device;
  const unknown = tr(l, 'unknown');
  const e = meta.environment;
  return {
    summary: [
      [tr(l, 'outcome'), outcomeText(meta.outcome, meta.outcomeCode, l)],
      [tr(l, 'started'), formatDateTime(meta.startedAt, l)],
      [tr(l, 'ended'), meta.endedAt === null ? tr(l, 'stillRecording') : formatDateTime(meta.endedAt, l)],
      [tr(l, 'duration'), formatDuration((meta.endedAt ?? meta.updatedAt) - meta.startedAt, l)],
    ],
    modem: [
      [tr(l, 'manufacturer'), d.manufacturer ?? unknown],
      [tr(l, 'model'), d.model ?? unknown],
      [tr(l, 'firmware'), d.firmware ?? unknown],
      // what a flow changed: the state before → the state read back at its end (the one above)
      ...(meta.flowState
        ? ([
            [`${tr(l, 'firmware')} (${tr(l, 'beforeCol')} → ${tr(l, 'afterCol')})`, `${meta.flowState.before?.firmware ?? unknown} → ${meta.flowState.after.firmware ?? unknown}`],
            [`${tr(l, 'carrier')} (${tr(l, 'beforeCol')} → ${tr(l, 'afterCol')})`, `${meta.flowState.before?.carrier ?? unknown} → ${meta.flowState.after.carrier ?? unknown}`],
          ] as [string, string][])
        : []),
      [tr(l, 'imei'), d.imei ?? unknown],
      [tr(l, 'iccid'), d.iccid ?? unknown],
      [tr(l, 'imsi'), d.imsi ?? unknown],
      [tr(l, 'port'), d.port ?? unknown],
    ],
    environment: [
      [tr(l, 'appVersion'), e.appVersion],
      [tr(l, 'browser'), e.browser ?? unknown],
      [tr(l, 'os'), e.os ?? unknown],
      [tr(l, 'language'), e.language],
      [tr(l, 'timeZone'), e.timeZone ?? unknown],
      [tr(l, 'virtualModem'), tr(l, e.virtualModem ? 'yes' : 'no')],
    ],
  };
}

/** Numbered next steps: the findings' own, then what to do about the outcome. */
export function nextSteps(meta: JournalMeta, l: Locale): string[] {
  const out: string[] = [];
  // findings made before a flow that changed the modem are not what to do now: check it again
  if (meta.flowState?.findingsBefore) out.push(tr(l, 'nextAfterFlow'));
  else for (const f of meta.findings) for (const s of f.nextSteps) if (!out.includes(s.text[l])) out.push(s.text[l]);
  if (meta.outcome === 'failed') out.push(tr(l, 'reportNextFailed', { code: meta.outcomeCode ?? '?' }));
  else if (meta.outcome === 'interrupted') out.push(tr(l, 'reportNextInterrupted'));
  if (out.length === 0 || meta.outcome === 'problems') out.push(tr(l, 'reportNextDefault'));
  return out;
}

function doneRows(meta: JournalMeta, l: Locale): [string, string][] {
  return [
    [tr(l, 'flows'), meta.flows.length ? flowsLabel(meta.flows, l) : tr(l, 'noFlows')],
    [tr(l, 'commandsSent'), String(meta.counts.commands)],
    [tr(l, 'errorsSeen'), String(meta.counts.errors)],
    [tr(l, 'events'), String(meta.counts.events)],
  ];
}

function findingText(f: StoredFinding, l: Locale): string[] {
  return [
    `[${tr(l, `severity.${f.severity}`)}] ${f.title[l]} (${f.id})`,
    f.detail[l],
    ...f.nextSteps.map((s, i) => `  ${i + 1}. ${s.text[l]}`),
    ...(f.evidence.length ? [`  ${lv(l, tr(l, 'evidence'), f.evidence.join(' | '))}`] : []),
    `  ${lv(l, tr(l, 'source'), publicSourcesText(f.source))}`,
  ];
}

export function reportText(input: JournalData, o: ReportOptions): string {
  const data = prepare(input, o);
  const l = o.locale;
  const { meta } = data;
  const facts = factRows(meta, l);
  const rows = (r: readonly (readonly [string, string])[]) => r.map(([k, v]) => `  ${lv(l, k, v)}`);
  const out: string[] = [
    tr(l, 'reportTitle'),
    '='.repeat(tr(l, 'reportTitle').length),
    tr(l, 'reportGenerated', { date: formatDateTime(o.now ?? Date.now(), l), version: o.appVersion }),
    tr(l, o.includeIdentifiers && !input.meta.identifiersMasked ? 'reportNotRedacted' : 'reportRedacted'),
    '',
    ...rows(facts.summary),
    '',
    lv(l, tr(l, 'modemHeading'), '').trimEnd(),
    ...rows(facts.modem),
    '',
    lv(l, tr(l, 'findingsHeading'), '').trimEnd(),
    ...(meta.findings.length ? meta.findings.flatMap((f) => findingText(f, l).map((s) => `  ${s}`)) : [`  ${tr(l, 'noFindings')}`]),
    '',
    lv(l, tr(l, 'doneHeading'), '').trimEnd(),
    ...rows(doneRows(meta, l)),
    '',
    lv(l, tr(l, 'nextSteps'), '').trimEnd(),
    ...nextSteps(meta, l).map((s, i) => `  ${i + 1}. ${s}`),
    '',
    lv(l, tr(l, 'environmentHeading'), '').trimEnd(),
    ...rows(facts.environment),
    '',
    lv(l, tr(l, 'timelineHeading'), '').trimEnd(),
  ];
  for (const e of data.events) {
    const d = describeEvent(e, l);
    const mark = d.tone === 'command' ? '>' : d.tone === 'error' ? '!' : ' ';
    const pad = `  ${' '.repeat(formatTime(d.t, l).length)}   `;
    const lines = d.lines.map((line) => pad + line);
    if (d.linesFirst && lines.length) out.push(`  ${formatTime(d.t, l)}   ${d.lines[0]}`, ...lines.slice(1), pad + d.text);
    else out.push(`  ${formatTime(d.t, l)} ${mark} ${d.text}`, ...lines);
  }
  if (data.events.length === 0) out.push(`  ${tr(l, 'timelineEmpty')}`);
  return out.join('\n') + '\n';
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{color:#12355b}table{border-collapse:collapse}th,td{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}
.finding{border-left:4px solid #8a5a00;padding:.3rem .8rem;margin:.6rem 0}.finding.error{border-color:#b3261e}.finding.info{border-color:#0b5394}
ol.timeline{list-style:none;padding:0;font-family:ui-monospace,monospace;font-size:.85rem}.timeline li{padding:.1rem 0}
.timeline li{display:grid;grid-template-columns:9.5rem 1fr;gap:.6rem}.timeline .command{font-weight:700}.timeline .error{color:#b3261e}.timeline pre{margin:0;white-space:pre-wrap}
.note{color:#56606b}`;

export function reportHtml(input: JournalData, o: ReportOptions): string {
  const data = prepare(input, o);
  const l = o.locale;
  const { meta } = data;
  const facts = factRows(meta, l);
  const table = (r: readonly (readonly [string, string])[]) =>
    `<table>${r.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  const findings = meta.findings.length
    ? meta.findings
        .map(
          (f) =>
            `<div class="finding ${esc(f.severity)}"><h3>${esc(lv(l, tr(l, `severity.${f.severity}`), f.title[l]))} <code>${esc(f.id)}</code></h3><p>${esc(f.detail[l])}</p>` +
            (f.nextSteps.length ? `<ol>${f.nextSteps.map((s) => `<li>${esc(s.text[l])}</li>`).join('')}</ol>` : '') +
            (f.evidence.length ? `<p class="note">${esc(lv(l, tr(l, 'evidence'), ''))}${f.evidence.map((x) => `<code>${esc(x)}</code>`).join(' ')}</p>` : '') +
            `<p class="note">${esc(lv(l, tr(l, 'source'), ''))}${publicSources(f.source).map((d) => `<a href="${esc(d.url)}">${esc(d.title)}</a>`).join(' · ')}</p></div>`,
        )
        .join('')
    : `<p>${esc(tr(l, 'noFindings'))}</p>`;
  const timeline = data.events
    .map((e) => {
      const d = describeEvent(e, l);
      const lines = d.lines.length ? `<pre>${esc(d.lines.join('\n'))}</pre>` : '';
      const text = `<span class="text">${esc(d.text)}</span>`;
      return `<li class="${d.tone}"><time>${esc(formatTime(d.t, l))}</time><div>${d.linesFirst ? lines + text : text + lines}</div></li>`;
    })
    .join('');
  const title = `${tr(l, 'reportTitle')} — ${meta.device.model ?? tr(l, 'unknownModel')}`;
  return `<!doctype html>
<html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(title)}</h1>
<p class="note">${esc(tr(l, 'reportGenerated', { date: formatDateTime(o.now ?? Date.now(), l), version: o.appVersion }))} ${esc(tr(l, o.includeIdentifiers && !input.meta.identifiersMasked ? 'reportNotRedacted' : 'reportRedacted'))}</p>
${table(facts.summary)}
<h2>${esc(tr(l, 'modemHeading'))}</h2>${table(facts.modem)}
<h2>${esc(tr(l, 'findingsHeading'))}</h2>${findings}
<h2>${esc(tr(l, 'doneHeading'))}</h2>${table(doneRows(meta, l))}
<h2>${esc(tr(l, 'nextSteps'))}</h2><ol>${nextSteps(meta, l).map((s) => `<li>${esc(s)}</li>`).join('')}</ol>
<h2>${esc(tr(l, 'environmentHeading'))}</h2>${table(facts.environment)}
<p class="note">${esc(meta.environment.userAgent)}</p>
<h2>${esc(tr(l, 'timelineHeading'))}</h2>${timeline ? `<ol class="timeline">${timeline}</ol>` : `<p>${esc(tr(l, 'timelineEmpty'))}</p>`}
</body></html>
`;
}

/** A short summary for the clipboard: what support needs to start, nothing personal. */
export function bugReport(input: JournalData, o: ReportOptions): string {
  const data = prepare(input, o);
  const l = o.locale;
  const { meta } = data;
  const d = meta.device;
  const e = meta.environment;
  const errors = data.events.filter((x) => x.kind === 'error' || x.kind === 'at-no-answer').slice(-3);
  const lines = [
    `${tr(l, 'bugTitle')}`,
    lv(l, tr(l, 'bugSession'), `${formatDateTime(meta.startedAt, l)} · ${tr(l, 'duration')} ${formatDuration((meta.endedAt ?? meta.updatedAt) - meta.startedAt, l)} · ${outcomeLabel(meta.outcome, l)}${meta.outcomeCode ? ` (${meta.outcomeCode})` : ''}`),
    lv(l, tr(l, 'modemHeading'), `${[d.manufacturer, d.model].filter(Boolean).join(' ') || tr(l, 'unknownModel')} · ${tr(l, 'firmware')} ${d.firmware ?? tr(l, 'unknown')} · ${tr(l, 'imei')} ${d.imei ?? tr(l, 'unknown')}`),
    lv(l, tr(l, 'bugTopFindings'), meta.findings.map((f) => `${f.id} (${f.severity})`).join(', ') || tr(l, 'none')),
  ];
  if (errors.length) {
    lines.push(lv(l, tr(l, 'bugLastErrors'), '').trimEnd());
    for (const x of errors) lines.push(`  - ${describeEvent(x, l).text}`);
  }
  lines.push(
    lv(l, tr(l, 'environmentHeading'), `Boothold ${e.appVersion} · ${e.browser ?? tr(l, 'unknown')} · ${e.os ?? tr(l, 'unknown')} · ${e.language}${e.virtualModem ? ` · ${tr(l, 'virtualModem')}` : ''}`),
    `${lv(l, tr(l, 'events'), String(meta.counts.events))} · ${lv(l, tr(l, 'commandsSent'), String(meta.counts.commands))} · ${formatBytes(meta.sizeBytes, l)}`,
    `User agent: ${e.userAgent}`,
  );
  return lines.join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
