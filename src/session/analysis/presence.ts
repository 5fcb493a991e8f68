/**
 * Appear/vanish across successive device listings: a customer runs `lsusb` (or `mmcli -L`)
 * several times and pastes the outputs; the Sierra module is in one and missing from the next.
 * That is how a USB boot loop looks from a shell (at-knowledge §0 fact 6), even when no dmesg
 * line was pasted.
 */
import type { LogSignal } from '../../knowledge/rules/types.ts';

/** USB vendor ids of Sierra modules and of OEMs that rebadge them (Dell 413c, Lenovo 17ef, HP 03f0). */
const MODULE_VIDS = /^(?:1199|413c|17ef|03f0|1bc7)$/i;

interface Listing {
  present: boolean;
  readonly line: number;
  lastLine: number;
}

export class UsbPresence {
  private current: Listing | null = null;
  private readonly listings: Listing[] = [];

  push(text: string, line: number): void {
    const bus = /^Bus \d{3} Device \d{3}: ID ([0-9a-f]{4}):[0-9a-f]{4}/i.exec(text);
    if (bus) {
      if (!this.current || line - this.current.lastLine > 1) this.start(line, false);
      const cur = this.current!;
      cur.lastLine = line;
      if (MODULE_VIDS.test(bus[1]!) && (bus[1]!.toLowerCase() === '1199' || /sierra|wireless|modem|lte|snapdragon/i.test(text))) cur.present = true;
      return;
    }
    // mmcli -L: one line per modem, or "No modems were found".
    if (/^\/org\/freedesktop\/ModemManager1\/Modem\/\d+/.test(text)) {
      this.start(line, true);
      this.end();
      return;
    }
    if (/^No modems were found$/i.test(text)) {
      this.start(line, false);
      this.end();
      return;
    }
    if (this.current && line - this.current.lastLine > 1) this.end();
  }

  private start(line: number, present: boolean): void {
    this.end();
    this.current = { present, line, lastLine: line };
  }

  end(): void {
    if (this.current) this.listings.push(this.current);
    this.current = null;
  }

  /** One `usb-vanished` signal per change of presence between successive listings. */
  signals(): { kind: LogSignal['kind']; text: string; line: number }[] {
    const out: { kind: LogSignal['kind']; text: string; line: number }[] = [];
    for (let i = 1; i < this.listings.length; i++) {
      const a = this.listings[i - 1]!;
      const b = this.listings[i]!;
      if (a.present === b.present) continue;
      out.push({ kind: 'usb-vanished', text: b.present ? 'the module is listed again' : 'the module is no longer listed', line: b.line });
    }
    return out;
  }
}
