/**
 * The image a flow writes: the engine's view (slices, header, verdict) plus what its headers
 * declare, which the flow checks against the modem before and verifies after.
 */
import { readCweHeader, type DownloadImage } from '../download/image.ts';
import { blobSource, bytesSource, type ByteSource } from '../images/byte-source.ts';
import type { InspectionReport } from '../images/report.ts';
import { sha256OfReported, writeImageOf, type WriteImage } from '../write/write-image.ts';

export interface FlowImage {
  readonly name: string;
  readonly sha256: string | null;
  readonly verdict: 'ok' | 'refused';
  readonly problems: readonly string[];
  /** The inspection's error codes (`crc-mismatch`, `truncated` …): the write check tells corrupt from cut short by them. */
  readonly issueCodes?: readonly string[];
  readonly product: string | null;
  readonly platform: string | null;
  readonly firmwareVersion: string | null;
  readonly carrier: string | null;
  readonly source: ByteSource;
  readonly header: Uint8Array;
}

/** What is persisted about an image (no bytes): enough to find it again in the library. */
export type FlowImageRef = Omit<FlowImage, 'source' | 'header'>;

export function imageRef(i: FlowImage): FlowImageRef {
  const { source: _s, header: _h, ...ref } = i;
  return ref;
}

const FLASHABLE = new Set(['spk', 'cwe', 'nvu']);

export async function flowImageFromReport(report: InspectionReport, blob: Blob): Promise<FlowImage> {
  const header = new Uint8Array(await blob.slice(0, 400).arrayBuffer());
  // the known-bad check needs the file's hash: the worker's when it gave one, else read once here
  const sha256 = await sha256OfReported(report, blobSource(blob));
  // only a CWE file is written as is; a zip bundle must be opened first (as the flash panel does)
  const flashable = FLASHABLE.has(report.format);
  const problems = report.errors.map((e) => e.message);
  if (!flashable) problems.push(`A ${report.format} file is not a CWE image; extract the .spk/.cwe/.nvu inside it.`);
  return {
    name: report.file,
    sha256,
    verdict: report.verdict === 'ok' && flashable ? 'ok' : 'refused',
    problems,
    issueCodes: report.errors.map((e) => e.code),
    product: report.product,
    platform: report.platform,
    firmwareVersion: report.firmwareVersion,
    carrier: report.carrier,
    source: blobSource(blob),
    header,
  };
}

/** For tests: an image whose declared facts are given (normally they come from inspection). */
export function flowImageFromBytes(bytes: Uint8Array, name: string, declared: Partial<Omit<FlowImage, 'source' | 'header' | 'name'>> = {}): FlowImage {
  const h = readCweHeader(bytes);
  return {
    name,
    sha256: declared.sha256 ?? null,
    verdict: declared.verdict ?? 'ok',
    problems: declared.problems ?? [],
    product: declared.product ?? h?.product ?? null,
    platform: declared.platform ?? null,
    firmwareVersion: declared.firmwareVersion ?? null,
    carrier: declared.carrier ?? null,
    source: bytesSource(bytes),
    header: bytes.subarray(0, 400),
  };
}

export function downloadImageOf(i: FlowImage): DownloadImage {
  const h = readCweHeader(i.header);
  return {
    name: i.name,
    source: i.source,
    header: i.header,
    inspection: { verdict: i.verdict, type: h?.type ?? '', product: i.product ?? h?.product ?? '', ...(i.problems.length ? { problems: i.problems } : {}) },
  };
}

/** The write job's view of the image: the engine's image and what the headers declare. */
export function writeImageOfFlow(i: FlowImage): WriteImage {
  return writeImageOf(downloadImageOf(i), { platform: i.platform, productCode: i.product, firmwareVersion: i.firmwareVersion, carrier: i.carrier }, i.issueCodes ?? [], i.sha256);
}
