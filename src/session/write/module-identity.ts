/**
 * Which module is about to be written, and how we know. The check compares the image with
 * THIS identity — never with what the image says about itself (the rescue once expected the
 * image's own product, so its product check could not fail).
 */
import { modemLineOf } from '../../knowledge/compatibility.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { PLATFORMS } from '../../knowledge/firmware/platforms.ts';
import { profilesForUsb } from '../../knowledge/profiles/models.ts';
import type { UsbIdentity } from '../../transport/transport.ts';
import { hex4 } from '../../codec/hex.ts';

/**
 * Where the identity came from: the module's own AT answers (`at`), its USB vendor/product id
 * (`usb`), `boothold flash --model` (`cli-model`), the model the user picked or typed (`user`),
 * or nothing at all (`none`).
 */
export type IdentitySource = 'at' | 'usb' | 'cli-model' | 'user' | 'none';

export interface ModuleIdentity {
  readonly source: IdentitySource;
  /** e.g. `RC7620-1`, `EM7455`; null when only the USB identity is known. */
  readonly model: string | null;
  /** A product line the user picked without naming the exact model ("an RC76xx"). */
  readonly line?: ProductLine | null;
  /** Firmware platform prefix from `ATI` (e.g. `SWI9X07H`), when read over AT. */
  readonly platform?: string | null;
  /** The firmware it runs now (AT only): for the downgrade / same-version cautions. */
  readonly firmwareVersion?: string | null;
  /** The carrier configuration it runs now (AT only). */
  readonly carrier?: string | null;
  /** Its USB identity (download or application mode), when the link has one. */
  readonly usb?: UsbIdentity | null;
}

export const NO_IDENTITY: ModuleIdentity = { source: 'none', model: null };

/**
 * The identity a browser path has for a module in download mode, best first: the model the
 * user stated, what the module said over AT earlier (the connected modem), the model its USB
 * product string names, its USB vendor/product id.
 */
export function identityForDownload(o: {
  readonly at?: { readonly model: string | null; readonly platform?: string | null; readonly firmwareVersion?: string | null; readonly carrier?: string | null } | null;
  readonly statedModel?: string | null;
  /** A product line the user picked (no exact model). */
  readonly statedLine?: ProductLine | null;
  readonly usb?: UsbIdentity | null;
  /** The model the device's USB product string names (WebUSB `productName`), when it names one. */
  readonly usbModel?: string | null;
}): ModuleIdentity {
  const usb = o.usb ?? null;
  if (o.statedModel) return { source: 'user', model: o.statedModel, usb };
  if (o.statedLine) return { source: 'user', model: null, line: o.statedLine, usb };
  if (o.at?.model) return { source: 'at', model: o.at.model, platform: o.at.platform ?? null, firmwareVersion: o.at.firmwareVersion ?? null, carrier: o.at.carrier ?? null, usb };
  if (o.usbModel) return { source: 'usb', model: o.usbModel, usb };
  return usb ? { source: 'usb', model: null, usb } : NO_IDENTITY;
}

/** The one product line every profile with this USB id shares; null when none or several (1199:68C0). */
export function lineOfUsb(usb: UsbIdentity | null | undefined): ProductLine | null {
  if (!usb) return null;
  const families = new Set(profilesForUsb(usb.vendorId, usb.productId).map((p) => p.family));
  if (families.size !== 1) return null;
  const [family] = families;
  return PLATFORMS.find((p) => p.line === family)?.line ?? null;
}

/** The module's product line: model first, then platform/firmware, then the USB identity. */
export function moduleLineOf(m: ModuleIdentity): ProductLine | null {
  return m.line ?? modemLineOf({ model: m.model, platform: m.platform ?? null, firmwareVersion: m.firmwareVersion ?? null }) ?? lineOfUsb(m.usb);
}

/** How to name the module in a message: its model, else its USB id, else "?". */
export function moduleLabel(m: ModuleIdentity): string {
  if (m.model) return m.model;
  if (m.line) return `${m.line} module`;
  if (m.usb) return `${hex4(m.usb.vendorId)}:${hex4(m.usb.productId)}`;
  return '?';
}

