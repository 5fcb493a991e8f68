/**
 * Firmware platform prefixes: the `SWI9X07H` in `SWI9X07H_00.08.24.02`, naming the chipset and
 * the product line the firmware is built for. Source: at-knowledge §4.2 (status markers kept).
 */
export type ProductLine = 'RC76xx' | 'WP76xx' | 'WP77xx' | 'EM/MC74xx' | 'EM75xx' | 'MC73xx' | 'WP85xx/WP75xx' | 'EM919x' | 'EM929x';

export interface PlatformInfo {
  readonly prefix: string;
  readonly chipset: string;
  readonly line: ProductLine;
  /** Models seen with this prefix. */
  readonly models: readonly string[];
  /** Product code the CWE headers of this line are expected to carry (research: protocol-spec §1.4, mostly inferred). */
  readonly productCode: string | null;
  readonly confirmed: boolean;
  readonly source: string;
}

export const PLATFORMS: readonly PlatformInfo[] = [
  { prefix: 'SWI9X07H', chipset: 'MDM9x07', line: 'RC76xx', models: ['RC7611', 'RC7620'], productCode: '9X07', confirmed: true, source: 'at-knowledge §4.2 [C]; product code inferred (protocol-spec §1.4)' },
  { prefix: 'SWI9X07Y', chipset: 'MDM9x07', line: 'WP76xx', models: ['WP7601', 'WP7607'], productCode: '9X28', confirmed: true, source: 'at-knowledge §4.2 [C]; product code 9X28 from the WP76xx bootloader (protocol-spec §1.4)' },
  { prefix: 'SWI9X06Y', chipset: 'MDM9x06', line: 'WP77xx', models: ['WP7702'], productCode: null, confirmed: false, source: 'at-knowledge §4.2 [I] tech note' },
  { prefix: 'SWI9X30C', chipset: 'MDM9x30', line: 'EM/MC74xx', models: ['EM7455', 'MC7455', 'EM7430', 'MC7430'], productCode: '9X30', confirmed: true, source: 'at-knowledge §4.2 [C]; product code 9x30 seen in a real NVUP header (protocol-spec §1.9)' },
  { prefix: 'SWI9X50C', chipset: 'MDM9x50', line: 'EM75xx', models: ['EM7565', 'EM7511', 'EM7411'], productCode: '9X50', confirmed: true, source: 'at-knowledge §4.2 [C]; product code inferred' },
  { prefix: 'SWI9X15C', chipset: 'MDM9x15', line: 'MC73xx', models: ['MC7304', 'MC7354', 'MC7355'], productCode: '9X15', confirmed: true, source: 'at-knowledge §4.2 [C]; product code inferred' },
  { prefix: 'SWI9X15Y', chipset: 'MDM9x15', line: 'WP85xx/WP75xx', models: ['WP8548', 'WP7502'], productCode: null, confirmed: false, source: 'at-knowledge §4.2 [I] tech note 2174120' },
  // SWIX55C: the Sierra `download` tool prints "Model ID :SWIX55C" for SWIX55C_02.08.01.00_002.cwe on an
  // EM9191 (forum thread 25342); no source gives the CWE product code of SDX55 images, so it stays unchecked.
  { prefix: 'SWIX55C', chipset: 'SDX55', line: 'EM919x', models: ['EM9190', 'EM9191'], productCode: null, confirmed: true, source: 'Sierra forum "EM9191 disabled after firmware download attempt" (download tool: "Model ID :SWIX55C"), https://forum.sierrawireless.com/t/em9191-disabled-after-firmware-download-attempt/25342' },
  { prefix: 'SWIX65C', chipset: 'SDX65', line: 'EM929x', models: ['EM9291', 'EM9293'], productCode: null, confirmed: true, source: 'at-knowledge §4.2 [C]' },
];

export function platformInfo(prefix: string | null | undefined): PlatformInfo | null {
  if (!prefix) return null;
  const p = prefix.toUpperCase();
  return PLATFORMS.find((x) => x.prefix === p) ?? null;
}

/** Product lines whose CWE product code is `code` (case-insensitive; `9x30` and `9X30` are the same). */
export function linesOfProductCode(code: string): ProductLine[] {
  const c = code.toUpperCase();
  return PLATFORMS.filter((p) => p.productCode === c).map((p) => p.line);
}
