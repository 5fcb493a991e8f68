/**
 * The device side of a UART update: a module's AT interpreter for the commands the update uses
 * (identity, `AT+IFC`, `AT+IPR`, `AT+WDSD`, `AT+WDSI`, `AT+WDSR`, `AT+WFWUPD`, `AT!RESET`),
 * its XMODEM receiver, the install phase with its URCs, and the reboot that follows. It talks
 * only through a UartLine, so every byte it sends or receives is paced by the simulated baud.
 */
import { XmodemReceiver } from '../../codec/xmodem/receiver.ts';
import type { Clock } from '../clock.ts';
import type { UartLine } from './line.ts';
import type { UartFault, UartProfile } from './types.ts';

export type UartModuleState = 'off' | 'booting' | 'command' | 'xmodem' | 'installing';

export interface UartModuleSnapshot {
  readonly state: UartModuleState;
  readonly firmware: string;
  readonly carrier: string | null;
  readonly baudRate: number;
  readonly ifc: string;
  readonly storedPackage: number | null;
  readonly received: number;
  readonly lastInstall: 'none' | 'ok' | 'refused' | 'power-lost';
}

const enc = new TextEncoder();
const IFC_RE = /^\+IFC=(\d),(\d)$/;

export class UartModule {
  readonly profile: UartProfile;
  onChange: (s: UartModuleSnapshot) => void = () => undefined;
  readonly #line: UartLine;
  readonly #clock: Clock;
  #state: UartModuleState = 'off';
  #firmware: string;
  #carrier: string | null;
  #echo = true;
  #ifcStored = '0,0';
  #ifcActive = '0,0';
  #wdsi = 0;
  #cmd = '';
  #rx: XmodemReceiver | null = null;
  #rxTimer: unknown = null;
  #expected = 0;
  #pkgHead = new Uint8Array(0);
  #received = 0;
  #sinceStall = 0;
  #blocks = 0;
  #stored: { size: number; head: Uint8Array } | null = null;
  #fault: UartFault | null = null;
  #afterBoot: string[] = [];
  #lastInstall: UartModuleSnapshot['lastInstall'] = 'none';
  readonly #timers = new Set<unknown>();

  constructor(profile: UartProfile, line: UartLine, clock: Clock) {
    this.profile = profile;
    this.#line = line;
    this.#clock = clock;
    this.#firmware = profile.firmware;
    this.#carrier = profile.carrier;
    line.onDeviceReceive = (b) => this.#receive(b);
  }

  snapshot(): UartModuleSnapshot {
    return {
      state: this.#state,
      firmware: this.#firmware,
      carrier: this.#carrier,
      baudRate: this.#line.device.baudRate,
      ifc: this.#ifcActive,
      storedPackage: this.#stored?.size ?? null,
      received: this.#received,
      lastInstall: this.#lastInstall,
    };
  }

  /** As if `AT+IFC=2,2` had been stored before (the board's integrator did it). */
  presetFlowControl(): void {
    this.#ifcStored = '2,2';
    this.#ifcActive = '2,2';
    this.#line.device.hardwareFlow = true;
  }

  setFault(f: UartFault | null): void {
    this.#fault = f;
    if (f?.kind === 'long-stalls') this.#line.noise = 0;
  }

  /** Power on (the module boots at its stored rate and flow-control setting). */
  powerOn(): void {
    if (this.#state !== 'off') return;
    this.#setState('booting');
    this.#later(this.profile.bootMs, () => {
      this.#line.restore();
      this.#ifcActive = this.#ifcStored;
      this.#line.device.hardwareFlow = this.#ifcActive === '2,2';
      this.#setState('command');
      for (const urc of this.#afterBoot.splice(0)) this.#urc(urc);
    });
  }

  powerOff(): void {
    this.#stopXmodem();
    this.#clearTimers();
    this.#line.cutLine();
    this.#setState('off');
  }

  dispose(): void {
    this.#clearTimers();
    this.#stopXmodem();
  }

  // ---- bytes in ---------------------------------------------------------------------------

  #receive(bytes: Uint8Array): void {
    if (this.#state === 'xmodem') return this.#xmodemBytes(bytes);
    if (this.#state !== 'command') return;
    for (const b of bytes) {
      if (b === 0x0d) {
        const line = this.#cmd;
        this.#cmd = '';
        if (this.#echo) this.#send(`${line}\r`);
        this.#command(line.trim());
        if (this.#state !== 'command') return;
      } else if (b === 0x0a) {
        continue;
      } else if (b >= 0x20 && b < 0x7f) {
        this.#cmd += String.fromCharCode(b);
        if (this.#cmd.length > 1024) this.#cmd = '';
      } else {
        // garbage (a wrong baud rate on the host side): the command buffer is spoilt
        this.#cmd += '\u0000';
      }
    }
  }

  // ---- AT ---------------------------------------------------------------------------------

  #command(raw: string): void {
    if (!raw) return;
    if (raw.includes('\u0000') || !/^AT/i.test(raw)) return this.#final('ERROR');
    const c = raw.slice(2);
    const u = c.toUpperCase();
    const p = this.profile;
    if (u === '') return this.#final('OK');
    if (u === 'E0' || u === 'E1') {
      this.#echo = u === 'E1';
      return this.#final('OK');
    }
    if (u === 'I' || u === 'I0')
      return this.#info([`Manufacturer: ${p.manufacturer}`, `Model: ${p.model}`, `Revision: ${p.revision(this.#firmware)}`, `IMEI: ${p.imei}`, '+GCAP: +CGSM']);
    if (u === '+CGMR') return this.#info([p.revision(this.#firmware)]);
    if (u === '+CGMM') return this.#info([p.model]);
    if (u === '+CMEE=1' || u === '+CMEE=2') return this.#final('OK');
    if (u === '+IFC?') return this.#info([`+IFC: ${this.#ifcStored}`]);
    if (u === '+IFC=?') return this.#info(['+IFC: (0,2),(0,2)']);
    const ifc = IFC_RE.exec(u);
    if (ifc) {
      if (!['0', '2'].includes(ifc[1]!) || !['0', '2'].includes(ifc[2]!)) return this.#cme(3);
      this.#ifcStored = `${ifc[1]},${ifc[2]}`;
      if (!p.ifcAfterReset) {
        this.#ifcActive = this.#ifcStored;
        this.#line.device.hardwareFlow = this.#ifcActive === '2,2';
      }
      return this.#final('OK');
    }
    if (u === '+IPR?') return this.#info([`+IPR: ${this.#line.device.baudRate}`]);
    if (u === '+IPR=?') return this.#info([`+IPR: (${p.baudRates.join(',')})`]);
    if (u.startsWith('+IPR=')) {
      const rate = Number(u.slice(5));
      if (!p.baudRates.includes(rate) || rate === 0) return this.#cme(3);
      this.#final('OK');
      // the answer leaves at the old rate; the module listens at the new one right after
      this.#later(2, () => (this.#line.device.baudRate = rate));
      return;
    }
    if (u === '!RESET' || u === '+CFUN=1,1') {
      this.#final('OK');
      this.#later(50, () => this.#reboot());
      return;
    }
    if (u === '!IMPREF?' && p.carrierCommand === 'impref') return this.#info(this.#imprefLines());
    if (u === '+KCARRIERCFG?' && p.carrierCommand === 'kcarriercfg') return this.#info([`+KCARRIERCFG: ${this.#carrier ?? 0}`]);
    if (u === '+WDSI?') return this.#info([`+WDSI: ${this.#wdsi}`]);
    if (u === '+WDSI=?') return this.#info(['+WDSI: (0-8191)']);
    if (u.startsWith('+WDSI=')) {
      const level = Number(u.slice(6));
      if (!Number.isInteger(level) || level < 0 || level > 8191) return this.#cme(3);
      this.#wdsi = level;
      return this.#final('OK');
    }
    if (u === '+WDSD=?') return this.#info([`+WDSD: (1-${p.wdsdMax})`]);
    if (u.startsWith('+WDSD=')) {
      const size = Number(u.slice(6));
      if (!Number.isInteger(size) || size <= 0 || size > p.wdsdMax) return this.#cme(3);
      return this.#startXmodem(size);
    }
    if (u === '+WDSR=?') return this.#info(['+WDSR: (0-9),(0-1440)']);
    if (u.startsWith('+WDSR=')) {
      const reply = Number(u.slice(6).split(',')[0]);
      if (reply === 4 && p.installCommand === 'wdsr' && this.#stored) {
        this.#final('OK');
        return this.#install();
      }
      return this.#cme(3);
    }
    if (p.installCommand === 'wfwupd') {
      if (u === '+WFWUPD?') return this.#info([`+WFWUPD: ${this.#stored ? 1 : 0}`]);
      if (u === '+WFWUPD=?') return this.#info(['+WFWUPD: (0-1)']);
      if (u === '+WFWUPD=1') {
        if (!this.#stored) return this.#cme(3);
        this.#final('OK');
        return this.#install();
      }
      if (u === '+WFWUPD=0') {
        this.#stored = null;
        return this.#final('OK');
      }
    }
    return this.#final('ERROR');
  }

  #imprefLines(): string[] {
    const row = (label: string, value: string) => ` ${(label + ':').padEnd(25)}${value}`;
    return [
      '!IMPREF: ',
      row('preferred fw version', this.#firmware),
      row('preferred carrier name', this.#carrier ?? 'NONE'),
      row('preferred config name', `${this.#carrier ?? 'NONE'}_001.000_000`),
      row('current fw version', this.#firmware),
      row('current carrier name', this.#carrier ?? ''),
      row('current config name', `${this.#carrier ?? 'NONE'}_001.000_000`),
    ];
  }

  // ---- XMODEM -----------------------------------------------------------------------------

  #startXmodem(size: number): void {
    this.#setState('xmodem');
    this.#expected = size;
    this.#received = 0;
    this.#sinceStall = 0;
    this.#blocks = 0;
    this.#pkgHead = new Uint8Array(0);
    this.#stored = null;
    this.#rx = new XmodemReceiver({ expectedSize: size, checksumFallback: false, mode: this.profile.xmodemStart });
    this.#bytes(this.#rx.start());
    this.#armRx();
  }

  #xmodemBytes(bytes: Uint8Array): void {
    const rx = this.#rx;
    if (!rx) return;
    const step = rx.feed(bytes);
    for (const p of step.payloads) {
      if (this.#pkgHead.length < 1024) {
        const head = new Uint8Array(Math.min(1024, this.#pkgHead.length + p.length));
        head.set(this.#pkgHead);
        head.set(p.subarray(0, head.length - this.#pkgHead.length), this.#pkgHead.length);
        this.#pkgHead = head;
      }
      this.#received += p.length;
      this.#sinceStall += p.length;
      this.#blocks++;
    }
    const f = this.#fault;
    if (f?.kind === 'cut-mid-transfer' && this.#received >= f.afterBytes) {
      this.#fault = null;
      this.powerOff();
      // a partial package is discarded at the next boot: nothing is stored
      this.#later(f.backAfterMs ?? 5_000, () => this.powerOn());
      return;
    }
    if (f?.kind === 'nak-storm' && this.#blocks >= f.afterBlocks) this.#line.noise = 0.01;
    const stallMs = f?.kind === 'long-stalls' ? f.ms : this.profile.flashStall.ms;
    const flash = this.#sinceStall >= this.profile.flashStall.everyBytes;
    if (flash) this.#sinceStall = 0;
    const reply = () => {
      for (const s of step.send) this.#bytes(s);
      if (flash) this.#line.stall(stallMs);
    };
    if (step.send.length) this.#later(this.profile.ackLatencyMs, reply);
    if (step.end) {
      this.#stopXmodem();
      this.#line.noise = 0;
      this.#later(this.profile.ackLatencyMs + 1, () => {
        if (step.end!.kind === 'done' && this.#received === this.#expected) {
          this.#stored = { size: this.#received, head: this.#pkgHead };
          this.#setState('command');
          this.#final('OK');
          if (this.profile.installCommand === 'wdsr') this.#announceStored();
        } else {
          this.#setState('command');
          this.#cme(this.#received === this.#expected ? 100 : 3);
        }
      });
      return;
    }
    this.#armRx();
  }

  /** HL78: `+WDSI: 3` asks for the install agreement — or `+WDSI: 13` when certification fails. */
  #announceStored(): void {
    const verdict = this.profile.judge(this.#stored!.head, this.#stored!.size);
    if (!verdict.ok) {
      this.#stored = null;
      if (this.#wdsi & 32) this.#later(300, () => this.#urc('+WDSI: 13'));
      return;
    }
    if (this.#wdsi & 32) this.#later(200, () => this.#urc('+WDSI: 12'));
    if (this.#wdsi & 2) this.#later(400, () => this.#urc('+WDSI: 3'));
  }

  #armRx(): void {
    if (this.#rxTimer !== null) this.#clock.clearTimeout(this.#rxTimer);
    const rx = this.#rx;
    if (!rx) return;
    this.#rxTimer = this.#clock.setTimeout(() => {
      this.#rxTimer = null;
      const step = rx.onTimeout();
      for (const s of step.send) this.#bytes(s);
      if (step.end) {
        this.#stopXmodem();
        this.#setState('command');
        this.#cme(3);
      } else this.#armRx();
    }, rx.timeoutMs());
  }

  #stopXmodem(): void {
    if (this.#rxTimer !== null) this.#clock.clearTimeout(this.#rxTimer);
    this.#rxTimer = null;
    this.#rx = null;
  }

  // ---- install and reboot -----------------------------------------------------------------

  #install(): void {
    const stored = this.#stored!;
    const verdict = this.profile.judge(stored.head, stored.size);
    if (this.profile.installCommand === 'wdsr' && this.#wdsi & 64) this.#later(100, () => this.#urc('+WDSI: 14'));
    if (!verdict.ok) {
      // RC76: the module refuses a package for another product without rebooting
      this.#stored = null;
      this.#lastInstall = 'refused';
      this.#later(this.profile.installMs / 10, () => this.#urc(this.profile.installCommand === 'wfwupd' ? '+WFWUPD: 1' : '+WDSI: 15'));
      return;
    }
    this.#later(300, () => {
      this.#setState('installing');
      if (this.#fault?.kind === 'power-loss-during-install') {
        const back = this.#fault.backAfterMs ?? 3_000;
        this.#fault = null;
        this.#later(this.profile.installMs / 3, () => {
          this.#lastInstall = 'power-lost';
          this.#stored = null;
          this.powerOff();
          this.#later(back, () => this.powerOn());
        });
        return;
      }
      this.#later(this.profile.installMs, () => {
        this.#firmware = verdict.version ?? this.#firmware;
        if (verdict.carrier !== undefined) this.#carrier = verdict.carrier;
        this.#stored = null;
        this.#lastInstall = 'ok';
        this.#afterBoot.push(this.profile.installCommand === 'wfwupd' ? '+WFWUPD: 0' : '+WDSI: 16');
        this.#reboot();
      });
    });
  }

  #reboot(): void {
    this.powerOff();
    this.#echo = true;
    this.powerOn();
  }

  // ---- bytes out --------------------------------------------------------------------------

  #info(lines: string[]): void {
    this.#send(lines.map((l) => `\r\n${l}`).join('') + '\r\n\r\nOK\r\n');
  }
  #final(code: string): void {
    this.#send(`\r\n${code}\r\n`);
  }
  #cme(n: number): void {
    this.#send(`\r\n+CME ERROR: ${n}\r\n`);
  }
  #urc(line: string): void {
    if (this.#state === 'command' || this.#state === 'installing') this.#send(`\r\n${line}\r\n`);
  }
  #send(text: string): void {
    this.#bytes(enc.encode(text));
  }
  #bytes(b: Uint8Array): void {
    if (this.#state !== 'off' && this.#state !== 'booting') this.#line.deviceWrite(b);
  }

  #setState(s: UartModuleState): void {
    this.#state = s;
    this.onChange(this.snapshot());
  }

  #later(ms: number, fn: () => void): void {
    const id = this.#clock.setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, ms);
    this.#timers.add(id);
  }

  #clearTimers(): void {
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    this.#timers.clear();
  }
}
