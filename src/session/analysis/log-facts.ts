/**
 * Identity facts that tool and kernel logs print in their own words, not as AT answers:
 * FDT2's *Preexisting images* BuildId (`07.12.09.00_GENERIC`), qmicli's current-firmware block
 * (`AMSS version: SWI9X50C_01.00.02.00`), Legato `cm info` (`Firmware Version:`, `Carrier PRI
 * Name:`), crash and boot logs (`VER=SWI9X07H_…`, `OEM_IMAGE_VERSION_STRING=…`), USB product
 * strings (dmesg `Product: EM7565-9`, lsusb `iProduct 2 EM7455`, `ID 1199:68c0 … RC7620`).
 * One object per analysis, fed line by line; each fact keeps the line it came from.
 */
import { MODEL_TOKEN } from '../../knowledge/families.ts';

export interface Located<T> {
  readonly value: T;
  readonly line: number;
}

export interface LogIdentity {
  model: Located<string> | null;
  /** Full revision token as printed (`SWI9X07H_00.08.24.02`), when the log prints one. */
  firmware: Located<string> | null;
  /** `AA.BB.CC.DD` of what the module runs (not of a target image). */
  firmwareVersion: Located<string> | null;
  carrier: Located<string> | null;
  /** Model names the text mentions anywhere (prose, file lists), for the last-resort guess. */
  readonly mentioned: Map<string, number>;
}

const SWI_TOKEN = /\b(SWI(?:9X\d{2}[A-Z]|X\d{2}[A-Z]|\d{4}[A-Z]))_(\d{2}\.\d{2}\.\d{2}\.\d{2})(?:[a-z]{1,2})?\b/;

/** Lines that can carry a fact: cheap gate for a 10 MB log. */
const QUICK = /revision|version|VER=|FW ver|BuildId|Preexisting|Final images|Carrier PRI Name|Product|iProduct|ID [0-9a-f]{4}:|Model|EM\d|MC\d|RC\d|WP\d|HL\d|DW58|FX30/i;

export class LogFacts {
  readonly id: LogIdentity = { model: null, firmware: null, firmwareVersion: null, carrier: null, mentioned: new Map() };
  /** FDT2 report: which images block we are in. */
  private fdtBlock: 'pre' | 'final' | null = null;

  push(text: string, line: number): void {
    if (!QUICK.test(text)) return;
    let m: RegExpExecArray | null;
    if (/^Preexisting images information/i.test(text)) {
      this.fdtBlock = 'pre';
      return;
    }
    if (/^Final images information/i.test(text)) {
      this.fdtBlock = 'final';
      return;
    }
    // FDT2: the first BuildId of the *preexisting* block is what ran before the update.
    if (this.fdtBlock === 'pre' && (m = /^BuildId:\s*(\d{2}\.\d{2}\.\d{2}\.\d{2})(?:_([A-Z0-9-]+))?/i.exec(text))) {
      this.id.firmwareVersion ??= { value: m[1]!, line };
      if (m[2]) this.id.carrier ??= { value: m[2].toUpperCase(), line };
      return;
    }
    // Compact FDT2 rows: "ImageId: 001.081_000   BuildId: 00.08.07.00_GENERIC".
    if (this.fdtBlock === 'pre' && (m = /\bBuildId:\s*(\d{2}\.\d{2}\.\d{2}\.\d{2})(?:_([A-Z0-9-]+))?/i.exec(text))) {
      this.id.firmwareVersion ??= { value: m[1]!, line };
      if (m[2]) this.id.carrier ??= { value: m[2].toUpperCase(), line };
      return;
    }
    // qmicli current firmware, Legato cm info, crash/boot logs.
    if ((m = /^(?:AMSS version|Firmware Version|Boot version|FW version)\s*:\s*(\S+)/i.exec(text)) && SWI_TOKEN.test(m[1]!)) {
      const t = SWI_TOKEN.exec(m[1]!)!;
      const strong = !/^Boot/i.test(text);
      if (strong || !this.id.firmware) this.setFirmware(t, line, strong);
      return;
    }
    if ((m = /(?:\bVER=|OEM_IMAGE_VERSION_STRING=|\bFW ver:\s*)(SWI\S+)/.exec(text)) && SWI_TOKEN.test(m[1]!)) {
      this.setFirmware(SWI_TOKEN.exec(m[1]!)!, line, false);
      return;
    }
    // mmcli on SDX55 prints the version with its carrier: "firmware revision: 03.10.07.00_GENERIC".
    if ((m = /^(?:firmware revision|revision)\s*:\s*'?(\d{2}\.\d{2}\.\d{2}\.\d{2})(?:_[A-Z0-9-]+)?'?\s*$/i.exec(text))) {
      this.id.firmwareVersion ??= { value: m[1]!, line };
      return;
    }
    if ((m = /^Carrier PRI Name\s*:\s*([A-Z0-9][A-Z0-9-]*)\s*$/i.exec(text))) {
      this.id.carrier ??= { value: m[1]!.toUpperCase(), line };
      return;
    }
    // USB product strings name the module exactly.
    if ((m = /(?:^|\s)(?:usb \S+: )?Product:\s*(?:Sierra Wireless\s+)?(\S+)/i.exec(text)) || (m = /^iProduct\s+\d+\s+(?:Sierra Wireless\s+)?(\S+)/i.exec(text))) {
      const model = modelIn(m[1]!);
      if (model) this.id.model = { value: model, line };
    } else if ((m = /\bID 1199:[0-9a-f]{4}\s+Sierra Wireless,? Inc\.?\s+(?:Sierra Wireless\s+)?(\S+)/i.exec(text))) {
      const model = modelIn(m[1]!);
      if (model) this.id.model = { value: model, line };
    }
    if (/\d{4}/.test(text)) {
      MODEL_TOKEN.lastIndex = 0;
      while ((m = MODEL_TOKEN.exec(text))) {
        const k = m[1]!.toUpperCase();
        this.id.mentioned.set(k, (this.id.mentioned.get(k) ?? 0) + 1);
      }
    }
  }

  private setFirmware(t: RegExpExecArray, line: number, strong: boolean): void {
    if (this.id.firmware && !strong) return;
    this.id.firmware = { value: `${t[1]}_${t[2]}`, line };
    this.id.firmwareVersion = { value: t[2]!, line };
  }
}

function modelIn(s: string): string | null {
  MODEL_TOKEN.lastIndex = 0;
  const m = MODEL_TOKEN.exec(s);
  MODEL_TOKEN.lastIndex = 0;
  return m ? m[1]! : null;
}

/**
 * The one model the text names, when it names exactly one (a more specific name such as
 * `RC7620-1` absorbs `RC7620`); null when it names none or several different ones.
 */
export function onlyMentionedModel(mentioned: ReadonlyMap<string, number>): string | null {
  const names = [...mentioned.keys()];
  const kept = names.filter((n) => !names.some((o) => o !== n && o.startsWith(n)));
  return kept.length === 1 ? kept[0]! : null;
}
