/**
 * The image a write job writes: the engine's view (slices, 400-byte header, inspection) plus
 * what the inspection read from its headers (platform, product code, version, carrier), which
 * the pre-write check compares with the module and the read-back compares after the reset, and
 * the file's SHA-256, which the check looks up in the known-bad list.
 *
 * The hash is computed once per inspected file: taken from the report when the image worker
 * already hashed it, else read here and remembered per report (the Flash page's preview and its
 * job share one report, so the file is read once), never in the check itself, which stays pure.
 */
import type { ImageTarget } from '../../knowledge/compatibility.ts';
import { downloadImageFromReport } from '../download/from-report.ts';
import type { DownloadImage } from '../download/image.ts';
import type { ByteSource } from '../images/byte-source.ts';
import { sha256OfSource, wasmSha256, type Sha256Hasher } from '../images/hashing.ts';
import { Sha256 } from '../../codec/sha256.ts';
import type { InspectionReport } from '../images/report.ts';

export interface WriteImage {
  readonly image: DownloadImage;
  /** What the image's headers declare (from the inspection report). */
  readonly declared: ImageTarget;
  /** The inspection's error codes (`crc-mismatch`, `truncated` …): tell corrupt from cut short. */
  readonly issueCodes: readonly string[];
  /** Lower-case hex SHA-256 of the whole file; null when the caller could not hash it (an in-memory test image). */
  readonly sha256?: string | null;
}

const hashes = new WeakMap<InspectionReport, Promise<string>>();

/**
 * Up to this size the plain-TS hash is used: a WASM instance costs more than the hash of a small
 * file (UART packages, test images), and its instantiation is a real macrotask that a test on the
 * virtual clock would wait for in vain; bigger files get the WASM hash (several times faster).
 */
const PLAIN_HASH_MAX_BYTES = 8 << 20;

function hasherFor(size: number): Promise<Sha256Hasher> {
  if (size > PLAIN_HASH_MAX_BYTES) return wasmSha256();
  const h = new Sha256();
  return Promise.resolve({ update: (b) => void h.update(b), hex: () => h.hex() });
}

/** The file's SHA-256: the report's when set, else computed once for this report. */
export function sha256OfReported(report: InspectionReport, source: ByteSource): Promise<string> {
  if (report.sha256) return Promise.resolve(report.sha256.toLowerCase());
  let h = hashes.get(report);
  if (!h) {
    h = hasherFor(source.size).then((hasher) => sha256OfSource(source, hasher));
    // a failed read is not remembered: the next attempt reads again
    h.catch(() => hashes.delete(report));
    hashes.set(report, h);
  }
  return h;
}

export async function writeImageFromReport(report: InspectionReport, source: ByteSource, name = report.file): Promise<WriteImage> {
  const [image, sha256] = await Promise.all([downloadImageFromReport(report, source, name), sha256OfReported(report, source)]);
  return {
    image,
    declared: { platform: report.platform, productCode: report.product, firmwareVersion: report.firmwareVersion, carrier: report.carrier },
    issueCodes: report.errors.map((e) => e.code),
    sha256,
  };
}

/** For callers that already hold the engine's view and the declared facts (flows, tests). */
export function writeImageOf(image: DownloadImage, declared: Partial<ImageTarget> = {}, issueCodes: readonly string[] = [], sha256: string | null = null): WriteImage {
  return {
    image,
    declared: {
      platform: declared.platform ?? null,
      productCode: declared.productCode ?? (image.inspection.product || null),
      firmwareVersion: declared.firmwareVersion ?? null,
      carrier: declared.carrier ?? null,
    },
    issueCodes,
    sha256: sha256?.toLowerCase() ?? null,
  };
}
