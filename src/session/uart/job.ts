/**
 * The UART update as a typed phase machine:
 *
 *   checks → (baud) → transfer → install → reboot → verify
 *
 * `check()` runs everything that sends nothing to flash: the module answers, the image fits its
 * product line (the same inspection and compatibility check as every write path), the module
 * has a local-update command (asked with `=?` test forms, never assumed), hardware flow control
 * on both sides, a throughput probe and the time estimates. `run()` then switches the rate if
 * asked (verify with AT, fall back on failure), pushes the package with XMODEM-1K, drives the
 * install from the module's URCs, waits for its reboot on the same port and reads the version
 * and carrier back. Every failure is a UartUpdateError whose phase says what state the module is
 * in (interruption.ts turns that into words); a new attempt is always a fresh transfer.
 *
 * It is a write path like the others (issue #14), so it takes the write job's parts rather than
 * its own: a CWE package is judged by `checkBeforeWrite` against the module's AT identity (other
 * line refused, unknown line only on the typed model name); from the first byte of `run()` to the
 * read-back it holds `acquireWriteGuard` (one write across tabs, the service worker's reload waits),
 * the wake lock and the leave-page warning; and, given a journal, it records its checks, phases,
 * outcome and next step there as the write job does.
 */
import { parseRevision } from '../../codec/at/revision.ts';
import { parseImagePreference } from '../../codec/at/image-preference.ts';
import { Emitter } from '../../core/emitter.ts';
import { sleep, type FlowClock } from '../flows/clock.ts';
import type { ByteSource } from '../images/byte-source.ts';
import { inspectSource } from '../images/inspect.ts';
import type { InspectionReport } from '../images/report.ts';
import type { Journal } from '../logs/journal.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import type { ModuleIdentity } from '../write/module-identity.ts';
import { holdWhileWriting, NO_PLATFORM, type WritePlatform } from '../write/platform.ts';
import { checkBeforeWrite, type WriteCheck } from '../write/pre-write-check.ts';
import { refusal, type WriteRefusal } from '../write/refusal.ts';
import { acquireWriteGuard } from '../write/write-guard.ts';
import { writeImageFromReport } from '../write/write-image.ts';
import { interruptionAdvice } from './interruption.ts';
import { AtTimeout, LinkLost, UartAtLink, type AtReply } from './at-link.ts';
import { parseUpdateUrc, WDSI_LEVEL, type ParsedUrc } from './codes.ts';
import { UartUpdateError, type UartErrorCode, type UartPhase } from './errors.ts';
import { estimates, probeThroughput, type Estimate, type ProbeResult } from './estimate.ts';
import type { UartPort, UartSettings } from './port.ts';
import { RawXmodemLink } from './raw-link.ts';
import { sendXmodem, type XmodemProgress } from './xmodem-send.ts';

export type UartFamily = 'rc76' | 'hl78' | 'unknown';

export interface ModuleInfo {
  readonly model: string | null;
  readonly revision: string | null;
  /** `AA.BB.CC.DD` (RC76) or the HL's dotted version. */
  readonly firmware: string | null;
  readonly carrier: string | null;
  readonly family: UartFamily;
}

export type CheckStatus = 'ok' | 'caution' | 'fixed' | 'failed';

export interface CheckItem {
  readonly id: 'answer' | 'image' | 'update-command' | 'size' | 'flow-module' | 'flow-host' | 'throughput';
  readonly status: CheckStatus;
  /** English detail (the UI has its own words per id and status; this carries the numbers). */
  readonly detail: string;
}

export interface CheckReport {
  readonly module: ModuleInfo;
  readonly items: readonly CheckItem[];
  readonly ready: boolean;
  readonly image: {
    readonly size: number;
    readonly expectedFirmware: string | null;
    readonly expectedCarrier: string | null;
    readonly report: InspectionReport | null;
    /** The write job's pre-write check for a CWE package (null: an HL78xx delta, certified by the module). */
    readonly check: Extract<WriteCheck, { ok: true }> | null;
  };
  readonly commands: { readonly wdsdMax: number | null; readonly wfwupd: boolean; readonly wdsi: boolean };
  readonly baudRates: readonly number[];
  readonly current: UartSettings;
  readonly probe: ProbeResult | null;
  readonly estimates: readonly Estimate[];
  /** The fastest rate both the module lists and the adapter is said to allow. */
  readonly fastest: number;
}

export type UartJobPhase = UartPhase | 'idle' | 'ready' | 'done' | 'failed';

export interface UartJobEvents extends Record<string, unknown> {
  phase: { readonly phase: UartJobPhase };
  check: CheckItem;
  progress: XmodemProgress;
  urc: ParsedUrc;
  log: { readonly dir: 'tx' | 'rx' | 'urc' | 'note'; readonly text: string; readonly at: number };
  done: UartResult;
}

export interface UartResult {
  readonly before: ModuleInfo;
  readonly after: ModuleInfo;
  readonly baudRate: number;
  readonly transferSeconds: number;
  readonly urcs: readonly ParsedUrc[];
}

export interface UartJobOptions {
  readonly port: UartPort;
  readonly image: ByteSource;
  readonly clock: FlowClock;
  /** Rate to talk at first (the module's stored AT+IPR; 115200 by default). */
  readonly baudRate?: number;
  /** Open the host side with RTS/CTS (default true). */
  readonly hostFlowControl?: boolean;
  /** Enable `AT+IFC=2,2` on the module when it is off (default true; the CLI has --no-set-flow). */
  readonly setModuleFlowControl?: boolean;
  /** Highest rate the adapter is trusted with (WebSerial/FTDI: 921600 by default). */
  readonly adapterMaxBaud?: number;
  /** How long the install and reboot may take before giving up (default 15 min). */
  readonly rebootTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The model name the user typed to accept a package or module whose product line is unknown. */
  readonly typedConfirmation?: string | null;
  /** The write guards' platform (browser: `browserPlatform()`; Node/CLI: none). */
  readonly platform?: WritePlatform;
  /** The session log to record into (null/absent: not recorded, e.g. the CLI). */
  readonly journal?: Journal | null;
  /** What other tabs show while this job writes. */
  readonly label?: string;
}

/** The journal's flow id for this path. */
export const UART_FLOW = 'uart';

const DEFAULT_RATES = [115200];

function familyOf(model: string | null): UartFamily {
  if (!model) return 'unknown';
  if (/^(RC|WP)76/i.test(model)) return 'rc76';
  if (/^HL(78|85|76)/i.test(model)) return 'hl78';
  return 'unknown';
}

function firmwareOf(revision: string | null): string | null {
  if (!revision) return null;
  const r = parseRevision(revision);
  if (r?.version) return r.version;
  const hl = /^HL\d{4}\.(\d+\.\d+\.\d+\.\d+)/i.exec(revision.trim());
  return hl ? hl[1]! : null;
}

export class UartUpdateJob {
  readonly events = new Emitter<UartJobEvents>();
  readonly #o: UartJobOptions;
  readonly #clock: FlowClock;
  #link: UartAtLink | null = null;
  #settings: UartSettings;
  #phase: UartJobPhase = 'idle';
  #report: CheckReport | null = null;
  #refusal: WriteRefusal | null = null;
  readonly #urcs: ParsedUrc[] = [];
  readonly #platform: WritePlatform;
  readonly #journal: Journal | null;
  readonly id = globalThis.crypto.randomUUID();

  constructor(options: UartJobOptions) {
    this.#o = options;
    this.#platform = options.platform ?? NO_PLATFORM;
    this.#journal = options.journal ?? null;
    this.#clock = options.clock;
    this.#settings = { baudRate: options.baudRate ?? 115200, hardwareFlow: options.hostFlowControl ?? true };
  }

  get phase(): UartJobPhase {
    return this.#phase;
  }
  get report(): CheckReport | null {
    return this.#report;
  }
  get settings(): UartSettings {
    return this.#settings;
  }
  /** Why the last check() refused the package (the write job's refusal: code, words, confirmable). */
  get refusal(): WriteRefusal | null {
    return this.#refusal;
  }

  // ---- checks -----------------------------------------------------------------------------

  async check(): Promise<CheckReport> {
    this.#setPhase('checks');
    this.#refusal = null;
    const journal = this.#journal;
    journal?.step(UART_FLOW, 'checks', 'started', `${this.#o.image.name} on ${this.#o.port.label} at ${this.#settings.baudRate} baud`);
    const items: CheckItem[] = [];
    const add = (item: CheckItem) => {
      items.push(item);
      this.events.emit('check', item);
      if (item.status === 'failed' || item.status === 'caution') journal?.note(`check ${item.id}: ${item.status} — ${item.detail}`);
    };
    try {
      await this.#open(this.#settings);
      if (!(await this.#answers(3))) {
        add({ id: 'answer', status: 'failed', detail: `no answer to AT at ${this.#settings.baudRate} baud` });
        throw this.#fail('no-answer', 'checks', `The module does not answer AT on ${this.#o.port.label} at ${this.#settings.baudRate} baud.`);
      }
      const module = await this.#identify();
      add({ id: 'answer', status: 'ok', detail: `${module.model ?? 'module'} ${module.firmware ?? ''} at ${this.#settings.baudRate} baud`.trim() });

      // the image: the same inspection and product-line check as every write path
      const image = await this.#checkImage(module, add);

      // which local-update commands does this module have? asked, never assumed
      const wdsd = await this.#cmd('AT+WDSD=?');
      const wdsdMax = wdsd.final.kind === 'ok' ? Number(/\(\s*\d+\s*-\s*(\d+)\s*\)/.exec(wdsd.lines.join(' '))?.[1] ?? NaN) : null;
      const wfwupd = (await this.#cmd('AT+WFWUPD=?')).final.kind === 'ok';
      // the mask's range differs per product: only use +WDSI when our level fits it
      const wdsiTest = await this.#cmd('AT+WDSI=?');
      const wdsiMax = Number(/\(\s*\d+\s*-\s*(\d+)\s*\)/.exec(wdsiTest.lines.join(' '))?.[1] ?? NaN);
      const wdsi = wdsiTest.final.kind === 'ok' && wdsiMax >= WDSI_LEVEL;
      if (wdsdMax === null || Number.isNaN(wdsdMax)) {
        add({ id: 'update-command', status: 'failed', detail: `AT+WDSD=? ${wdsd.final.kind}; AT+WFWUPD=? ${wfwupd ? 'ok' : 'no'}` });
        throw this.#fail('no-local-update', 'checks', 'The module lists no local update command (AT+WDSD=? was refused).');
      }
      add({ id: 'update-command', status: 'ok', detail: `AT+WDSD (max ${wdsdMax} bytes)${wfwupd ? ', AT+WFWUPD' : ''}${wdsi ? ', +WDSI' : ''}` });
      if (image.size > wdsdMax) {
        add({ id: 'size', status: 'failed', detail: `${image.size} > ${wdsdMax}` });
        throw this.#fail('image-too-large', 'checks', `The package (${image.size} bytes) is larger than the module accepts (${wdsdMax}).`);
      }
      add({ id: 'size', status: 'ok', detail: `${image.size} ≤ ${wdsdMax}` });

      await this.#checkFlow(module, add);

      const ipr = await this.#cmd('AT+IPR=?');
      const listed = ipr.final.kind === 'ok' ? (ipr.lines.join(' ').match(/\d{4,}/g) ?? []).map(Number) : DEFAULT_RATES;
      const max = this.#o.adapterMaxBaud ?? 921600;
      const usable = listed.filter((r) => r > 0 && r <= max);
      const fastest = usable.length ? Math.max(...usable, this.#settings.baudRate) : this.#settings.baudRate;

      const probe = await probeThroughput(this.#link!, this.#clock, this.#settings.baudRate);
      add({ id: 'throughput', status: probe.replies > 0 ? 'ok' : 'caution', detail: `${Math.round(probe.bytesPerSecond)} B/s (${(probe.efficiency * 100).toFixed(0)} % of ${this.#settings.baudRate / 10})` });
      const est = estimates(image.size, probe, this.#settings.baudRate, usable.filter((r) => r === fastest || r === 921600 || r === 460800));
      const ready = items.every((i) => i.status !== 'failed');
      this.#report = { module, items, ready, image, commands: { wdsdMax, wfwupd, wdsi }, baudRates: listed, current: this.#settings, probe, estimates: est, fastest };
      journal?.step(UART_FLOW, 'checks', 'done', `${module.model ?? '?'} ${module.firmware ?? ''}: ${image.size} bytes, fastest ${fastest} baud`);
      this.#setPhase('ready');
      return this.#report;
    } catch (e) {
      const err = this.#wrap(e, 'checks');
      journal?.step(UART_FLOW, 'checks', 'failed', err.code);
      this.#recordFailure(err);
      throw err;
    }
  }

  async #checkImage(module: ModuleInfo, add: (i: CheckItem) => void): Promise<CheckReport['image']> {
    const src = this.#o.image;
    const head = await src.read(0, 512);
    const looksCwe = head.length >= 400 && /^[A-Z0-9]{4}$/.test(new TextDecoder().decode(head.subarray(0x104, 0x108)));
    if (!looksCwe && module.family === 'hl78') {
      // An HL78xx delta is not a CWE file: nothing in it names a product line we could compare,
      // and the module checks it itself before installing (+WDSI: 12 accepted / 13 refused).
      add({ id: 'image', status: 'caution', detail: 'HL78xx delta package: its product is certified by the module itself (+WDSI: 12/13)' });
      return { size: src.size, expectedFirmware: null, expectedCarrier: null, report: null, check: null };
    }
    const report = await inspectSource(src, { modem: { model: module.model, firmwareVersion: module.revision, carrier: module.carrier }, modemConnected: true });
    // The same pre-write check as every other write path, with the module as its AT answers say.
    // The inspection above also refuses a package for another line (it was given the modem); the
    // image handed to the check is judged on its own soundness (its errors), so that the check
    // names the refusal itself (product-mismatch, image-line-unknown …) rather than "corrupt".
    const sound: InspectionReport = { ...report, verdict: report.errors.length ? 'refused' : 'ok' };
    const check = checkBeforeWrite({
      images: [await writeImageFromReport(sound, src, src.name)],
      module: this.#identity(module),
      typedConfirmation: this.#o.typedConfirmation ?? null,
    });
    // A damaged package: the inspection's summary says what is wrong with it.
    if (report.errors.length) return this.#refuseImage(add, report.summary, check.ok ? null : check.refusal);
    if (!check.ok) return this.#refuseImage(add, check.refusal.message, check.refusal);
    // Anything else the inspection holds against this module (its own compatibility verdict).
    if (report.compatible === false) return this.#refuseImage(add, report.summary, null);
    if (check.confirmedBy) this.#journal?.note(`${check.confirmedBy.reason}: written on the user's word — they typed the model name "${check.confirmedBy.typed}"`);
    for (const c of check.cautions) this.#journal?.note(`caution ${c.code}: ${fillTemplate(c.text.en, c.params)}`);
    const cautions = report.compatibility.filter((c) => c.severity === 'caution');
    const onWord = check.confirmedBy ? ` Product line not in Boothold's tables: written on the typed model name "${check.confirmedBy.typed}".` : '';
    add({ id: 'image', status: cautions.length || check.confirmedBy ? 'caution' : 'ok', detail: report.summary + onWord });
    return { size: src.size, expectedFirmware: report.firmwareVersion, expectedCarrier: report.carrier, report, check };
  }

  /** The module for the pre-write check: what it said over AT (never the package's own product). */
  #identity(module: ModuleInfo): ModuleIdentity {
    return {
      source: 'at',
      model: module.model,
      platform: module.revision ? (parseRevision(module.revision)?.platform ?? null) : null,
      firmwareVersion: module.firmware ?? module.revision,
      carrier: module.carrier,
      // The port's USB id is the adapter's (an FTDI bridge), not the module's: not a witness.
      usb: null,
    };
  }

  #refuseImage(add: (i: CheckItem) => void, detail: string, r: WriteRefusal | null): never {
    this.#refusal = r;
    add({ id: 'image', status: 'failed', detail });
    throw this.#fail('image-refused', 'checks', detail);
  }

  async #checkFlow(module: ModuleInfo, add: (i: CheckItem) => void): Promise<void> {
    let ifc = await this.#readIfc();
    if (ifc !== '2,2') {
      if (this.#o.setModuleFlowControl === false) {
        add({ id: 'flow-module', status: 'caution', detail: `AT+IFC? → ${ifc ?? 'refused'}; left as is` });
      } else {
        const set = await this.#cmd('AT+IFC=2,2');
        if (set.final.kind !== 'ok') {
          add({ id: 'flow-module', status: 'failed', detail: `AT+IFC=2,2 → ${set.final.kind}` });
          throw this.#fail('flow-control-unavailable', 'checks', 'The module refused AT+IFC=2,2.');
        }
        if (module.family === 'rc76') {
          // the RC76 advice (forum 35846): the setting takes hold after AT!RESET
          this.#note('AT+IFC=2,2 stored; restarting the module (AT!RESET) so it takes effect');
          await this.#cmd('AT!RESET');
          await this.#awaitReboot(60_000, true);
        }
        ifc = await this.#readIfc();
        if (ifc !== '2,2') {
          add({ id: 'flow-module', status: 'failed', detail: `AT+IFC? → ${ifc ?? 'refused'} after setting 2,2` });
          throw this.#fail('flow-control-unavailable', 'checks', 'The module did not keep AT+IFC=2,2.');
        }
        add({ id: 'flow-module', status: 'fixed', detail: 'AT+IFC=2,2 set' });
      }
    } else add({ id: 'flow-module', status: 'ok', detail: 'AT+IFC: 2,2' });
    add(
      this.#settings.hardwareFlow
        ? { id: 'flow-host', status: 'ok', detail: "port opened with flowControl 'hardware'" }
        : { id: 'flow-host', status: 'caution', detail: 'host side without RTS/CTS: bytes may be lost above 115200' },
    );
  }

  async #readIfc(): Promise<string | null> {
    const r = await this.#cmd('AT+IFC?');
    if (r.final.kind !== 'ok') return null;
    return /\+IFC:\s*(\d)\s*,\s*(\d)/.exec(r.lines.join(' '))?.slice(1, 3).join(',') ?? null;
  }

  // ---- run --------------------------------------------------------------------------------

  /** Runs the update after check(); `baudRate` raises the rate first (with verify and fallback). */
  async run(choice: { baudRate?: number } = {}): Promise<UartResult> {
    const report = this.#report;
    if (!report || !report.ready) throw new Error('check() must succeed before run()');
    const journal = this.#journal;
    const releaseHold = journal?.hold() ?? (() => undefined);
    try {
      // One write at a time across every tab, and every tab told (the service worker's reload
      // waits on the same lock): the transfer alone can take most of an hour.
      const label = this.#o.label ?? `UART update: ${report.module.model ?? 'module'} on ${this.#o.port.label}`;
      const guard = await acquireWriteGuard(this.#platform, this.id, label);
      if (guard.kind === 'busy') {
        const r = refusal('write-busy', { holder: guard.holder ?? 'another Boothold tab' });
        this.#refusal = r;
        journal?.step(UART_FLOW, 'guard', 'failed', guard.holder ?? 'another tab');
        const err = this.#wrap(this.#fail('write-busy', 'checks', r.message), 'checks');
        this.#recordFailure(err);
        throw err;
      }
      journal?.step(UART_FLOW, 'guard', 'done', label);
      // A sleeping laptop or a closed tab cuts the transfer: screen on, leave-page warning.
      const releaseWhileWriting = holdWhileWriting(this.#platform);
      try {
        const result = await this.#runGuarded(report, choice);
        journal?.step(UART_FLOW, 'outcome', 'done', 'verified');
        const text = `Updated: the module restarted with firmware ${result.after.firmware ?? '?'}, carrier ${result.after.carrier ?? '?'} (was ${result.before.firmware ?? '?'}; transfer ${Math.round(result.transferSeconds)} s at ${result.baudRate} baud).`;
        journal?.note(text);
        journal?.result('ok', null, text);
        return result;
      } catch (e) {
        this.#recordFailure(e as UartUpdateError);
        throw e;
      } finally {
        releaseWhileWriting();
        guard.release();
      }
    } finally {
      releaseHold();
    }
  }

  async #runGuarded(report: CheckReport, choice: { baudRate?: number }): Promise<UartResult> {
    const before = report.module;
    let phase: UartPhase = 'baud';
    try {
      if (choice.baudRate && choice.baudRate !== this.#settings.baudRate) await this.#switchBaud(choice.baudRate);

      phase = 'transfer';
      this.#setPhase('transfer');
      const offUrc = this.#link!.onUrc((line) => this.#collectUrc(line));
      if (report.commands.wdsi) await this.#cmd(`AT+WDSI=${WDSI_LEVEL}`);
      const transferStart = this.#clock.now();
      await this.#transfer();
      const transferSeconds = (this.#clock.now() - transferStart) / 1000;

      phase = 'install';
      this.#setPhase('install');
      await this.#install(report);

      phase = 'reboot';
      this.#setPhase('reboot');
      await this.#awaitReboot(this.#o.rebootTimeoutMs ?? 15 * 60_000, true, 60_000);

      phase = 'verify';
      this.#setPhase('verify');
      // the result URC may come right after the restart
      await sleep(this.#clock, 1_500, this.#o.signal);
      const after = await this.#identify();
      offUrc();
      const expected = report.image.expectedFirmware;
      const changed = after.firmware !== before.firmware;
      const failedUrc = this.#urcs.find((u) => u.meaning.role === 'failure' || u.meaning.role === 'refused');
      if ((expected && after.firmware !== expected) || (!expected && !changed)) {
        throw this.#fail(
          'install-not-applied',
          'verify',
          `The module restarted with firmware ${after.firmware ?? '?'}${expected ? `, not ${expected}` : ' (unchanged)'}.${failedUrc ? ` It reported ${failedUrc.kind === 'wdsi' ? '+WDSI' : '+WFWUPD'}: ${failedUrc.value}: ${failedUrc.meaning.text.en}` : ''}`,
        );
      }
      this.#journal?.step(UART_FLOW, 'verify', 'done', `${after.model ?? '?'} ${after.firmware ?? '?'}, carrier ${after.carrier ?? '?'}`);
      const result: UartResult = { before, after, baudRate: this.#settings.baudRate, transferSeconds, urcs: [...this.#urcs] };
      this.#setPhase('done');
      this.events.emit('done', result);
      return result;
    } catch (e) {
      throw this.#wrap(e, phase);
    }
  }

  /** The typed failure, what the module is left with and the next step, in the journal. */
  #recordFailure(err: UartUpdateError): void {
    const journal = this.#journal;
    if (!journal) return;
    const advice = interruptionAdvice(err);
    journal.error(UART_FLOW, err.code, err.message, `during ${err.phase}; ${advice.moduleState.en}`);
    journal.note(`next step: ${advice.next.en}`);
    journal.result(err.code === 'cancelled' ? 'cancelled' : 'failed', err.code, err.message);
  }

  async close(): Promise<void> {
    this.#link?.detach();
    await this.#o.port.close().catch(() => undefined);
  }

  async #switchBaud(rate: number): Promise<void> {
    this.#setPhase('baud');
    const old = this.#settings;
    const r = await this.#cmd(`AT+IPR=${rate}`);
    if (r.final.kind !== 'ok') {
      this.#note(`AT+IPR=${rate} refused (${r.final.kind}); staying at ${old.baudRate}`);
      return;
    }
    await sleep(this.#clock, 50, this.#o.signal);
    await this.#open({ ...old, baudRate: rate });
    if (await this.#answers(3)) {
      this.#note(`now at ${rate} baud`);
      return;
    }
    // fall back: the module may not have switched, or the adapter cannot do this rate
    this.#note(`no answer at ${rate}; back to ${old.baudRate}`);
    await this.#open(old);
    if (await this.#answers(3)) return;
    throw this.#fail(
      'no-answer',
      'baud',
      `After AT+IPR=${rate} the module answers neither at ${rate} nor at ${old.baudRate} baud: it listens at ${rate} and this adapter cannot talk at that rate.`,
    );
  }

  async #transfer(): Promise<void> {
    const link = this.#link!;
    const size = this.#o.image.size;
    const raw = new RawXmodemLink(link, this.#clock, { awaitStart: true });
    let result;
    let final: Promise<AtReply> | null = null;
    try {
      await link.write(`AT+WDSD=${size}\r`);
      result = await sendXmodem(raw, this.#o.image, {
        clock: this.#clock,
        startTimeoutMs: 15_000,
        onProgress: (p) => this.events.emit('progress', p),
        ...(this.#o.signal ? { signal: this.#o.signal } : {}),
      });
      // wait for the OK before the port goes back to lines: it may sit in the chunk with the last ACK
      if (result.ok) final = link.awaitFinal(`AT+WDSD=${size}`, 15_000, this.#o.signal);
    } finally {
      raw.release();
    }
    if (raw.refusal) throw this.#fail('xmodem-not-started', 'transfer', `AT+WDSD=${size} → ${raw.refusal}`);
    if (!result.ok) {
      const map: Record<string, UartErrorCode> = {
        'receiver-never-started': 'xmodem-not-started',
        'too-many-retries': result.bytesDone > 0 && result.stats.naks === 0 ? 'xmodem-no-answer' : 'xmodem-too-many-retries',
        // a module that gives up after its own ten errors cancels: that is still a bad line
        'cancelled-by-receiver': result.stats.naks + result.stats.timeouts >= 3 ? 'xmodem-too-many-retries' : 'xmodem-cancelled-by-module',
        cancelled: 'cancelled',
      };
      const code = map[result.code] ?? 'xmodem-too-many-retries';
      throw this.#fail(code, 'transfer', `XMODEM stopped: ${result.code} after ${result.bytesDone} of ${size} bytes (${result.stats.naks} NAKs, ${result.stats.timeouts} timeouts).`);
    }
    const fin = await final!.catch((e) => {
      if (e instanceof AtTimeout) throw this.#fail('transfer-not-confirmed', 'transfer', 'The module did not confirm the package with OK.');
      throw e;
    });
    if (fin.final.kind !== 'ok') throw this.#fail('transfer-not-confirmed', 'transfer', `The module answered ${fin.final.kind} after the transfer.`);
  }

  async #install(report: CheckReport): Promise<void> {
    const link = this.#link!;
    const signal = this.#o.signal;
    // HL-style: the module asks (+WDSI: 3) or refuses (+WDSI: 13); RC76 may say nothing
    const asked = report.commands.wdsi
      ? await link
          .waitUrc((l) => {
            const u = parseUpdateUrc(l);
            return u && u.kind === 'wdsi' && (u.value === 3 || u.value === 13 || u.value === 11) ? u : null;
          }, report.commands.wfwupd ? 5_000 : 60_000, signal)
          .catch((e) => {
            if (e instanceof AtTimeout) return null;
            throw e;
          })
      : null;
    if (asked && asked.value !== 3) throw this.#fail('install-refused', 'install', `+WDSI: ${asked.value}: ${asked.meaning.text.en}`);
    if (asked) {
      const r = await this.#cmd('AT+WDSR=4');
      if (r.final.kind !== 'ok') throw this.#fail('install-not-started', 'install', `AT+WDSR=4 → ${r.final.kind}`);
    } else if (report.commands.wfwupd) {
      const q = await this.#cmd('AT+WFWUPD?');
      const stored = /\+WFWUPD:\s*(\d+)/.exec(q.lines.join(' '))?.[1];
      if (q.final.kind !== 'ok' || stored !== '1') throw this.#fail('install-not-started', 'install', `AT+WFWUPD? → ${stored ?? q.final.kind}: the module holds no package to install.`);
      const r = await this.#cmd('AT+WFWUPD=1');
      if (r.final.kind !== 'ok') throw this.#fail('install-not-started', 'install', `AT+WFWUPD=1 → ${r.final.kind}`);
    } else {
      throw this.#fail('install-not-started', 'install', 'The module neither asked to install (+WDSI: 3) nor lists AT+WFWUPD.');
    }
  }

  /** The module restarts on the same port: silence, then AT answers again. */
  async #awaitReboot(timeoutMs: number, goesAwayFirst = false, awayWithinMs = 5_000): Promise<void> {
    const deadline = this.#clock.now() + timeoutMs;
    // after AT!RESET or an install request the module still answers for a moment: an OK then is
    // not the restart. While it answers, a failure URC means it refused the package.
    const awayBy = this.#clock.now() + awayWithinMs;
    while (goesAwayFirst && this.#clock.now() < awayBy && (await this.#answers(1, 500))) {
      const refused = this.#urcs.find((u) => u.meaning.role === 'failure' || u.meaning.role === 'refused');
      if (refused) throw this.#fail('install-refused', 'install', `${refused.kind === 'wdsi' ? '+WDSI' : '+WFWUPD'}: ${refused.value}: ${refused.meaning.text.en}`);
      await sleep(this.#clock, 250, this.#o.signal);
    }
    while (this.#clock.now() < deadline) {
      if (await this.#answers(1, 1_000)) return;
      await sleep(this.#clock, 1_000, this.#o.signal);
    }
    throw this.#fail('reboot-timeout', 'reboot', `The module did not answer on ${this.#o.port.label} within ${Math.round(timeoutMs / 1000)} s of installing.`);
  }

  // ---- helpers ----------------------------------------------------------------------------

  async #identify(): Promise<ModuleInfo> {
    const ati = await this.#cmd('ATI', 5_000);
    const field = (name: string) => ati.lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? null;
    const model = field('Model');
    let revision = field('Revision');
    if (!revision) {
      const g = await this.#cmd('AT+CGMR');
      revision = g.final.kind === 'ok' ? (g.lines[0] ?? null) : null;
    }
    const family = familyOf(model);
    let carrier: string | null = null;
    if (family === 'hl78') {
      const k = await this.#cmd('AT+KCARRIERCFG?');
      carrier = k.final.kind === 'ok' ? (/\+KCARRIERCFG:\s*(\S+)/.exec(k.lines.join(' '))?.[1] ?? null) : null;
    } else {
      const i = await this.#cmd('AT!IMPREF?');
      carrier = i.final.kind === 'ok' ? (parseImagePreference(i.lines)?.current.carrier ?? null) : null;
    }
    return { model, revision, firmware: firmwareOf(revision), carrier, family };
  }

  async #answers(tries: number, timeoutMs = 1_000): Promise<boolean> {
    for (let i = 0; i < tries; i++) {
      try {
        const r = await this.#link!.command('AT', timeoutMs, this.#o.signal);
        if (r.final.kind === 'ok') return true;
      } catch (e) {
        if (!(e instanceof AtTimeout)) throw e;
      }
    }
    return false;
  }

  async #cmd(command: string, timeoutMs = 5_000): Promise<AtReply> {
    try {
      return await this.#link!.command(command, timeoutMs, this.#o.signal);
    } catch (e) {
      if (e instanceof AtTimeout) return { command, lines: [], final: { kind: 'error' } };
      throw e;
    }
  }

  async #open(settings: UartSettings): Promise<void> {
    this.#link?.detach();
    const t = await this.#o.port.open(settings);
    this.#settings = settings;
    this.#link = new UartAtLink(t, this.#clock, (dir, text) => this.events.emit('log', { dir, text, at: this.#clock.now() }));
  }

  #collectUrc(line: string): void {
    const u = parseUpdateUrc(line);
    if (!u) return;
    this.#urcs.push(u);
    this.events.emit('urc', u);
  }

  #note(text: string): void {
    this.events.emit('log', { dir: 'note', text, at: this.#clock.now() });
  }

  #fail(code: UartErrorCode, phase: UartPhase, message: string): UartUpdateError {
    return new UartUpdateError(code, phase, message);
  }

  #wrap(e: unknown, phase: UartPhase): UartUpdateError {
    this.#setPhase('failed');
    if (e instanceof UartUpdateError) return e;
    if (e instanceof LinkLost) return new UartUpdateError('port-lost', phase, 'The serial port went away (adapter unplugged or port closed).');
    if (this.#o.signal?.aborted) return new UartUpdateError('cancelled', phase, 'Cancelled.');
    const msg = e instanceof Error ? e.message : String(e);
    return new UartUpdateError(phase === 'checks' ? 'no-answer' : 'port-lost', phase, msg);
  }

  #setPhase(p: UartJobPhase): void {
    this.#phase = p;
    if (p === 'baud' || p === 'transfer' || p === 'install' || p === 'reboot' || p === 'verify') this.#journal?.step(UART_FLOW, p, 'started');
    this.events.emit('phase', { phase: p });
  }
}
