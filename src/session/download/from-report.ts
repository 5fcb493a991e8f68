/**
 * The bridge from the image inspection (session/images) to the engine: what gets written is
 * decided by the inspection result — a CWE file (.spk/.cwe/.nvu by content, not by name) with
 * verdict "ok" — never by the file name.
 */
import type { InspectionReport } from '../images/report.ts';
import { CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import type { ByteSource } from '../images/byte-source.ts';
import type { DownloadImage } from './image.ts';

const FLASHABLE = new Set(['spk', 'cwe', 'nvu']);

export async function downloadImageFromReport(report: InspectionReport, source: ByteSource, name = report.file): Promise<DownloadImage> {
  const problems = report.errors.map((e) => e.message);
  const flashable = FLASHABLE.has(report.format);
  if (!flashable) problems.push(`A ${report.format} file is not a CWE image; extract or choose the .spk/.cwe/.nvu inside it.`);
  const top = report.images[0];
  return {
    name,
    source,
    header: await source.read(0, CWE_HEADER_SIZE),
    inspection: {
      verdict: report.verdict === 'ok' && flashable ? 'ok' : 'refused',
      type: top?.type ?? '',
      product: report.product ?? top?.product ?? '',
      ...(problems.length ? { problems } : {}),
    },
  };
}
