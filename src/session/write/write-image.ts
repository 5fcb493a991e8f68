/**
 * The image a write job writes: the engine's view (slices, 400-byte header, inspection) plus
 * what the inspection read from its headers (platform, product code, version, carrier), which
 * the pre-write check compares with the module and the read-back compares after the reset.
 */
import type { ImageTarget } from '../../knowledge/compatibility.ts';
import { downloadImageFromReport } from '../download/from-report.ts';
import type { DownloadImage } from '../download/image.ts';
import type { ByteSource } from '../images/byte-source.ts';
import type { InspectionReport } from '../images/report.ts';

export interface WriteImage {
  readonly image: DownloadImage;
  /** What the image's headers declare (from the inspection report). */
  readonly declared: ImageTarget;
  /** The inspection's error codes (`crc-mismatch`, `truncated` …): tell corrupt from cut short. */
  readonly issueCodes: readonly string[];
}

export async function writeImageFromReport(report: InspectionReport, source: ByteSource, name = report.file): Promise<WriteImage> {
  return {
    image: await downloadImageFromReport(report, source, name),
    declared: { platform: report.platform, productCode: report.product, firmwareVersion: report.firmwareVersion, carrier: report.carrier },
    issueCodes: report.errors.map((e) => e.code),
  };
}

/** For callers that already hold the engine's view and the declared facts (flows, tests). */
export function writeImageOf(image: DownloadImage, declared: Partial<ImageTarget> = {}, issueCodes: readonly string[] = []): WriteImage {
  return {
    image,
    declared: {
      platform: declared.platform ?? null,
      productCode: declared.productCode ?? (image.inspection.product || null),
      firmwareVersion: declared.firmwareVersion ?? null,
      carrier: declared.carrier ?? null,
    },
    issueCodes,
  };
}
