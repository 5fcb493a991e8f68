/**
 * The result of inspecting one file — exactly what `boothold inspect --json` prints and what the
 * image library stores. Field names are an interface other tools script against: add fields,
 * never rename or remove them.
 */
import type { ModemIdentity } from '../../knowledge/compatibility.ts';

export type ImageFormat = 'spk' | 'cwe' | 'nvu' | 'zip' | 'exe' | 'unknown';

export type IssueParams = Readonly<Record<string, string | number>>;

export interface ReportIssue {
  readonly code: string;
  /** English text; the UI re-renders it from `textKey` + `params` in the user's language. */
  readonly message: string;
  /** Byte offset in the file (or in the zip entry), null when the problem has no location. */
  readonly offset: number | null;
  readonly textKey: string;
  readonly params: IssueParams;
  /** Zip entry the issue belongs to. */
  readonly entry?: string;
}

/** CRC values are "0x" + 8 upper-case hex digits. */
export interface ReportCrc {
  readonly stored: string;
  readonly computed: string | null;
  readonly ok: boolean | null;
}

export interface ReportImage {
  /** libqmi's id, e.g. "0.1.0". */
  readonly path: string;
  readonly type: string;
  readonly product: string;
  readonly version: string;
  readonly date: string;
  readonly offset: number;
  /** Payload size (image_sz, header excluded). */
  readonly size: number;
  readonly headerCrc: ReportCrc;
  readonly imageCrc: ReportCrc;
  readonly flags: { readonly compressed: boolean; readonly encrypted: boolean; readonly signed: boolean; readonly delta: boolean };
  readonly headerRevision: number;
  readonly crcIndicator: string;
  /** Decoded version string (null fields when absent). */
  readonly firmware: string | null;
  readonly carrier: string | null;
  readonly config: string | null;
  readonly platform: string | null;
  /** Release this image's firmware version belongs to (release map), e.g. "Release 9". */
  readonly release: string | null;
  readonly releaseFr: string | null;
  readonly children: readonly ReportImage[];
}

export interface CompatibilityNote {
  readonly code: string;
  readonly message: string;
  readonly severity: 'block' | 'caution' | 'info';
  readonly params: IssueParams;
}

export interface ZipEntryReport {
  readonly name: string;
  readonly size: number;
  readonly format: ImageFormat;
  readonly verdict: 'ok' | 'refused';
  readonly product: string | null;
  readonly firmwareVersion: string | null;
  readonly carrier: string | null;
  readonly images: readonly ReportImage[];
}

export interface ReleaseNote {
  readonly label: string;
  readonly labelFr: string;
  readonly release: number | null;
  readonly kind: string;
}

/**
 * What a file's CWE tree says about it: the summary of the tree (cwe-summary.ts) carries these,
 * and the inspection report is that summary plus the verdict and its context.
 */
export interface CweFacts {
  readonly format: ImageFormat;
  /** Product code of the top image, e.g. "9X07". */
  readonly product: string | null;
  readonly platform: string | null;
  readonly productLine: string | null;
  readonly firmwareVersion: string | null;
  readonly configVersion: string | null;
  readonly carrier: string | null;
  readonly release: ReleaseNote | null;
  readonly releaseDate: string | null;
  readonly contents: { readonly firmware: boolean; readonly carrierConfig: boolean };
  readonly images: readonly ReportImage[];
  readonly crcs: { readonly checked: number; readonly good: number };
}

export interface InspectionReport extends CweFacts {
  readonly file: string;
  readonly size: number;
  /** Hex SHA-256 of the whole file; null until hashed (the UI hashes after showing the verdict). */
  readonly sha256: string | null;
  readonly verdict: 'ok' | 'refused';
  readonly errors: readonly ReportIssue[];
  readonly warnings: readonly ReportIssue[];
  readonly compatible: boolean | null;
  readonly compatibility: readonly CompatibilityNote[];
  readonly target: ModemIdentity | null;
  /** One-line verdict, English (the UI renders `headline` in the user's language). */
  readonly summary: string;
  readonly headline: Headline;
  readonly entries?: readonly ZipEntryReport[];
  readonly installer?: { readonly pe: boolean; readonly sierra: boolean };
  readonly crcEngine: string;
  readonly elapsedMs: number;
}

/** The verdict line as data, rendered per language by verdict.ts's `renderHeadline`. */
export interface Headline {
  readonly verdict: 'ok' | 'refused';
  /** What the file is: "{name} firmware + carrier config" etc.; null when unknown (refused early). */
  readonly what: { readonly key: 'firmwareAndCarrier' | 'firmwareOnly' | 'carrierOnly' | 'unknownContents'; readonly name: string } | null;
  /** Set for zip bundles: how many firmware files are inside. */
  readonly zipCount: number | null;
  /** File size in `sizeUnit`, one decimal. */
  readonly size: number;
  readonly sizeUnit: 'MiB' | 'KiB';
  /** How many CRCs were checked (all good when the verdict is ok); null when none. */
  readonly crcs: number | null;
  /** Why it was refused: the first error. */
  readonly reason: { readonly key: string; readonly params: IssueParams } | null;
  readonly compat: { readonly key: 'compatible' | 'compatibleTarget' | 'incompatible'; readonly model: string } | null;
  /** Compatibility cautions (downgrade, carrier change) to mention. */
  readonly cautions: readonly { readonly code: string; readonly params: IssueParams }[];
}
