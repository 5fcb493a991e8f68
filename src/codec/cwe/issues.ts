/**
 * Everything the CWE parser can find wrong, as closed unions with the facts each case needs to
 * be explained (which image, which offset, stored vs computed). Errors make the image unsafe to
 * flash; warnings are worth showing but do not block. The codes are a scripting interface
 * (`boothold inspect --json`): add codes, never rename them.
 */
import type { StringField } from './header.ts';

export type CweError =
  /** The file has no bytes. */
  | { readonly code: 'empty'; readonly offset: 0 }
  /** The first 400 bytes are not a CWE header (neither its PSB CRC nor its string fields fit). */
  | { readonly code: 'not-cwe'; readonly offset: number }
  /** The file ends inside the top-level header. */
  | { readonly code: 'truncated'; readonly offset: number; readonly available: number; readonly needed: number }
  /** Stored psb_crc differs from the JAMCRC of the header's first 256 bytes. */
  | { readonly code: 'header-crc-mismatch'; readonly offset: number; readonly imageType: string; readonly stored: number; readonly computed: number }
  /** Stored image_crc differs from the JAMCRC of the payload. */
  | { readonly code: 'image-crc-mismatch'; readonly offset: number; readonly imageType: string; readonly stored: number; readonly computed: number }
  /** A size field that cannot be right. `limit` is the end it had to respect (parent end or file end). */
  | {
      readonly code: 'size-out-of-bounds';
      readonly offset: number;
      readonly imageType: string;
      readonly reason: SizeProblem;
      readonly declaredEnd: number;
      readonly limit: number;
    }
  /** Images nest deeper than the parser follows. */
  | { readonly code: 'depth-limit'; readonly offset: number; readonly depth: number }
  /** A header whose PSB CRC is right but whose type/product/version/date field holds non-printable bytes. */
  | { readonly code: 'non-printable'; readonly offset: number; readonly field: StringField };

export type SizeProblem =
  /** image_sz is 0 (libqmi: "invalid image size"). */
  | 'zero'
  /** A nested image claims to end past its parent. */
  | 'past-parent'
  /** The top-level image claims more bytes than the file has: truncated download or bad size. */
  | 'past-eof'
  /** The file goes on after the top-level image ends. */
  | 'trailing-data';

export type CweWarning =
  /** A type code no Sierra source documents (still accepted, like libqmi does). */
  | { readonly code: 'unknown-type'; readonly offset: number; readonly imageType: string }
  /** The CRC-valid indicator is not "GOOD". */
  | { readonly code: 'crc-indicator'; readonly offset: number; readonly imageType: string; readonly value: string }
  /** Header revision other than 3. */
  | { readonly code: 'header-revision'; readonly offset: number; readonly imageType: string; readonly revision: number }
  /** Bytes after a container's last nested image that are not an image themselves. */
  | { readonly code: 'padding'; readonly offset: number; readonly imageType: string; readonly length: number }
  /** A nested image names another product than the top-level one. */
  | { readonly code: 'product-differs'; readonly offset: number; readonly imageType: string; readonly product: string; readonly topProduct: string };

export type CweErrorCode = CweError['code'];
export type CweWarningCode = CweWarning['code'];
