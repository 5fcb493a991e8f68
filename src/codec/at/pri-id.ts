/**
 * `AT!PRIID?`: the OEM PRI (part number, revision, customer) and the carrier PRI line
 * `SKU_PN_PLATFORM_FW_PKG_CARRIER_PRIVER_INDEX` (at-knowledge §4.3). `Unknown` and `None`
 * are findings (no OEM/carrier PRI), so they parse to null fields, not to a failure.
 */
export interface CarrierPri {
  readonly sku: string;
  readonly partNumber: string;
  readonly platform: string;
  readonly fwVersion: string;
  readonly packageId: string;
  readonly carrier: string;
  readonly priVersion: string;
  readonly index: string;
  readonly raw: string;
}

export interface PriId {
  readonly partNumber: string | null;
  readonly revision: string | null;
  readonly customer: string | null;
  /** Null when the module prints `None` or nothing. */
  readonly carrierPri: CarrierPri | null;
  /** The module printed `Carrier PRI: None` or `Unknown` OEM fields. */
  readonly missing: boolean;
}

export function parsePriId(lines: readonly string[]): PriId | null {
  let pn: string | null = null;
  let rev: string | null = null;
  let customer: string | null = null;
  let carrierPri: CarrierPri | null = null;
  let missing = false;
  let inBlock = false;
  let seen = false;
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^PRI Part Number:\s*(.*)$/i.exec(line))) {
      pn = known(m[1]!);
      if (pn === null) missing = true;
      inBlock = true;
      seen = true;
    } else if (inBlock && (m = /^Revision:\s*(.*)$/i.exec(line))) {
      rev = known(m[1]!);
      if (rev === null) missing = true;
    } else if (inBlock && (m = /^Customer:\s*(.*)$/i.exec(line))) {
      customer = known(m[1]!);
      if (customer === null) missing = true;
    } else if ((m = /^Carrier PRI:\s*(.*)$/i.exec(line))) {
      seen = true;
      carrierPri = parseCarrierPri(m[1]!);
      if (!carrierPri) missing = true;
    }
  }
  return seen ? { partNumber: pn, revision: rev, customer, carrierPri, missing } : null;
}

export function parseCarrierPri(text: string): CarrierPri | null {
  const t = text.trim();
  const parts = t.split('_');
  if (parts.length < 8) return null;
  const [sku, pn, platform, fw, pkg] = parts as [string, string, string, string, string];
  const index = parts[parts.length - 1]!;
  const priVersion = parts[parts.length - 2]!;
  const carrier = parts.slice(5, parts.length - 2).join('_');
  if (!/^\d{2}\.\d{2}\.\d{2}\.\d{2}$/.test(fw) || !carrier) return null;
  return { sku, partNumber: pn, platform, fwVersion: fw, packageId: pkg, carrier, priVersion, index, raw: t };
}

function known(v: string): string | null {
  const t = v.trim();
  return t === '' || /^(unknown|none)$/i.test(t) ? null : t;
}
