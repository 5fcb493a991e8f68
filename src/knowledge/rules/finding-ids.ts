/**
 * Finding identifiers. They are an interface (tests, the CLI's JSON, support scripts and
 * links refer to them), so existing ids never change meaning or spelling.
 */
export const FINDING_IDS = [
  'carrier-mismatch',
  'carrier-image-missing',
  'sim-not-ready',
  'radio-off',
  'not-registered',
  'weak-signal',
  'password-required',
  'firmware-outdated',
  'data-call-failed',
  'boot-loop',
  'download-mode',
  'download-mode-not-entered',
  'download-protocol-failed',
  'port-busy',
  'device-not-found',
  'image-rejected',
  'update-succeeded',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';
