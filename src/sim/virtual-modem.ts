import { SIERRA_AT_COMMANDS, psStat, regUrc } from './at-commands.ts';
import { AtPersonality, revisionOf, type AtHost, type RecordedAnswers } from './at-personality.ts';
import { Attachment, type AttachMode } from './attachment.ts';
import type { Clock } from './clock.ts';
import { createDownloadDevice, parseFaults, type DownloadDevice, type ResetCause, type VirtualFlash } from './download/index.ts';
import { createDmEndpoint } from './dm-port.ts';
import type { DeviceEndpoint } from '../transport/device-endpoint.ts';
import { Emitter } from '../core/emitter.ts';
import { FaultyLink, describeFault, type LinkFault } from './faults.ts';
import { activeFirmware, cloneFlash, loadedPri, preferenceMismatches, type FlashState } from './flash.ts';
import { installOutcome } from './flash-install.ts';
import type { RadioEnvironment, SimCard } from './network.ts';
import { DOWNLOAD_INTERFACE, type FirmwareBuild, type ModuleProfile } from './profiles/types.ts';
import { computeRegistration, type Registration } from './registration.ts';
import type { ReplayScenario } from './replay/index.ts';
import { Rng } from './rng.ts';
import { FACTORY_AT_PROFILE, freshVolatileState, type VolatileState, type StoredAtProfile } from './volatile-state.ts';

export type ModemMode = 'off' | 'booting' | 'application' | 'download' | 'boot-loop';

/** Everything the panel and the tests read about a module, as plain data. */
export interface VirtualModemState {
  readonly id: string;
  readonly profileId: string;
  /** The scenario the module was started in, when it came from one. */
  readonly scenario: string | null;
  readonly model: string;
  readonly mode: ModemMode;
  readonly powered: boolean;
  readonly cablePlugged: boolean;
  readonly tp1Held: boolean;
  /** Supply current (mA); a boot-looping module draws about twice its idle current. */
  readonly currentMa: number;
  /** Enumerated right now: the USB identity the host sees. */
  readonly usb: { readonly vendorId: number; readonly productId: number; readonly interfaces: readonly number[]; readonly mode: AttachMode } | null;
  readonly atReady: boolean;
  readonly firmware: string | null;
  readonly firmwareVersion: string | null;
  readonly carrier: string | null;
  readonly preferredCarrier: string | null;
  readonly flashHealth: FlashState['health'];
  readonly storedPris: readonly string[];
  /** What happened to the flash (updates, interruptions), oldest first. */
  readonly flashHistory: readonly string[];
  readonly sim: SimCard['status'];
  readonly operator: string | null;
  /** Antenna connected / a cell in range (a control, independent of the module's state). */
  readonly coverage: boolean;
  readonly registration: string;
  readonly dataActive: boolean;
  readonly unlocked: boolean;
  readonly faults: readonly string[];
  readonly downloadFaults: string;
  /** Host bytes received by the current download session. */
  readonly downloadBytes: number;
  readonly bootLoopCycles: number;
  /** A replayed modem: which answers are recorded and which are simulated; null otherwise. */
  readonly replay: {
    readonly model: string;
    readonly firmware: string | null;
    readonly profileModel: string;
    readonly recordedCommands: readonly string[];
    readonly fromText: readonly string[];
    readonly answeredRecorded: number;
    readonly answeredSimulated: number;
    /** What made every recorded answer stale (null: still in use). */
    readonly staleSince: string | null;
  } | null;
}

export interface ModemEvents extends Record<string, unknown> {
  /** The module appeared on the bus (new identity object each time). */
  attach: Attachment;
  /** It left the bus. */
  detach: Attachment;
  change: VirtualModemState;
  log: string;
}

export interface VirtualModemOptions {
  readonly id: string;
  readonly profile: ModuleProfile;
  readonly scenario?: string;
  readonly flash: FlashState;
  readonly sim: SimCard;
  readonly radio: RadioEnvironment;
  readonly clock: Clock;
  readonly seed: number;
  /** +CMEE after boot (default: the profile's power-up value). */
  readonly cmee?: 0 | 1 | 2;
  /** +CREG/+CGREG/+CEREG URC mode after boot, 0–2 (default: the profile's, 0 on every Sierra module). */
  readonly urcMode?: 0 | 1 | 2;
  /** Answers recorded on a real module, tried before the simulated command set (replay). */
  readonly recorded?: RecordedAnswers;
  /** A replayed customer's modem: what it was built from (for the banner). */
  readonly replay?: ReplayScenario;
  /** Download-protocol fault plan for the download device (its text syntax). */
  readonly downloadFaults?: string;
  readonly tp1Held?: boolean;
  /** Nth module of this profile on the bench (0: the profile's own IMEI/FSN). */
  readonly unit?: number;
  /** Start unpowered (cable out). */
  readonly unplugged?: boolean;
  /** `+CFUN` after the first boot only (later boots start with the radio on, as a module does). */
  readonly firstBootCfun?: 0 | 1 | 4;
}

/** Bytes a download session must have received before an interruption damages the flash. */
const WRITE_STARTED_BYTES = 64 * 1024;

/**
 * One simulated module: its power and USB life (boot, re-enumeration into download mode, the
 * boot loop, TP1), its flash, its SIM and radio, and the functions it exposes while enumerated.
 * The fake WebSerial/WebUSB, the in-memory transport and the CLI all sit on `attach`/`detach`.
 */
export class VirtualModem {
  readonly id: string;
  readonly profile: ModuleProfile;
  readonly identity: ModuleProfile['identity'];
  readonly scenario: string | null;
  readonly clock: Clock;
  readonly events = new Emitter<ModemEvents>();
  flash: FlashState;
  sim: SimCard;
  radio: RadioEnvironment;
  session: VolatileState;

  #rng: Rng;
  #mode: ModemMode = 'off';
  #powered = false;
  #cable: boolean;
  #tp1: boolean;
  #gen = 0;
  #attachment: Attachment | null = null;
  #personality: AtPersonality | null = null;
  #atReady = false;
  #download: DownloadDevice | null = null;
  #downloadDone = false;
  #downloadBytes = 0;
  #faults: LinkFault[] = [];
  #faultBytes = 0;
  #downloadFaults: string;
  #cmee: 0 | 1 | 2;
  #urcMode: 0 | 1 | 2;
  #lastReg: { creg: number; cgreg: number; cereg: number } | null = null;
  #recorded: RecordedAnswers | null;
  #replay: ReplayScenario | null;
  #firstBootCfun: 0 | 1 | 4 | null;
  /** What `AT&W` saved: kept across resets and power cycles (it is in NV on the module). */
  #stored: StoredAtProfile = FACTORY_AT_PROFILE;
  #loopCycles = 0;
  readonly #host: AtHost;

  constructor(o: VirtualModemOptions) {
    this.id = o.id;
    this.profile = o.profile;
    this.identity = unitIdentity(o.profile.identity, o.unit ?? 0);
    this.scenario = o.scenario ?? null;
    this.clock = o.clock;
    this.flash = o.flash;
    this.sim = o.sim;
    this.radio = o.radio;
    this.#rng = new Rng(o.seed);
    this.#cmee = o.cmee ?? o.profile.atDefaults.cmee;
    this.#urcMode = o.urcMode ?? o.profile.atDefaults.regUrcMode;
    this.#firstBootCfun = o.firstBootCfun ?? null;
    this.#replay = o.replay ?? null;
    this.#recorded = o.recorded ?? o.replay?.recorded ?? null;
    if (o.replay) {
      o.replay.recorded.onChange = () => this.#changed();
      if (o.cmee === undefined && o.replay.cmee !== null) this.#cmee = o.replay.cmee;
    }
    this.#downloadFaults = o.downloadFaults ?? '';
    this.#tp1 = o.tp1Held ?? false;
    this.#cable = !o.unplugged;
    this.session = freshVolatileState(this.clock.now(), this.#cmee);
    this.#host = this.#makeHost();
  }

  /** Powers the module if its cable is in. Call once after wiring listeners. */
  start(): void {
    if (this.#cable && !this.#powered) this.#powerOn();
    else this.#changed();
  }

  // ---- controls -------------------------------------------------------------------------

  get mode(): ModemMode {
    return this.#mode;
  }

  get attachment(): Attachment | null {
    return this.#attachment;
  }

  pullCable(): void {
    if (!this.#cable) return;
    this.#cable = false;
    this.#log('cable pulled');
    this.#powerOff('cable pulled');
  }

  plugCable(): void {
    if (this.#cable) return;
    this.#cable = true;
    this.#log('cable plugged in');
    this.#powerOn();
  }

  /** Cuts power and restores it after `offMs` (default 500 ms). */
  powerCycle(offMs = 500): void {
    this.#log('power cycle');
    this.#powerOff('power cycle');
    const gen = this.#gen;
    this.clock.setTimeout(() => {
      if (gen === this.#gen && this.#cable) this.#powerOn();
    }, offMs);
  }

  /** TP1 (pin 47) held low: takes effect at the next power-on, as on the hardware. */
  holdTp1(held = true): void {
    this.#tp1 = held;
    this.#log(held ? 'TP1 held low' : 'TP1 released');
    this.#changed();
  }

  releaseTp1(): void {
    this.holdTp1(false);
  }

  /** Sends an unsolicited line on the AT port (between commands). */
  injectUrc(line: string): void {
    this.#personality?.urc(line);
  }

  get faults(): readonly LinkFault[] {
    return this.#faults;
  }

  /** Adds a link fault (replacing one of the same kind); null clears them all. */
  setFault(fault: LinkFault | null): void {
    if (fault === null) {
      this.#faults = [];
    } else {
      this.#faults = [...this.#faults.filter((f) => f.kind !== fault.kind), fault];
      if (fault.kind === 'unplug-after') this.#faultBytes = 0;
    }
    this.#log(fault ? `fault armed: ${describeFault(fault)}` : 'faults cleared');
    this.#changed();
  }

  clearFaults(): void {
    this.setFault(null);
  }

  /**
   * Download-protocol faults for the next download session (see src/sim/download/faults.ts).
   * Throws the download module's FaultSpecError for a plan it cannot read.
   */
  setDownloadFaults(spec: string): void {
    parseFaults(spec);
    this.#downloadFaults = spec;
    this.#changed();
  }

  setSim(change: Partial<Pick<SimCard, 'status' | 'pin' | 'puk'>>): void {
    Object.assign(this.sim, change);
    if (change.status === 'ready' || change.status === undefined) this.session.radioReadyAt = this.clock.now() + this.#rng.int(1500, 3000);
    this.#regChanged();
  }

  setCoverage(coverage: boolean): void {
    this.radio.coverage = coverage;
    if (coverage) this.session.radioReadyAt = this.clock.now() + this.#rng.int(2000, 5000);
    else this.session.active.clear();
    this.#regChanged();
  }

  setSignal(change: Partial<RadioEnvironment['signal']>): void {
    Object.assign(this.radio.signal, change);
    this.#changed();
  }

  registration(): Registration {
    return computeRegistration(this.clock.now(), this.session, this.sim, this.radio);
  }

  snapshot(): VirtualModemState {
    const fw = activeFirmware(this.flash);
    const att = this.#attachment;
    const reg = this.registration();
    const app = this.#mode === 'application';
    return {
      id: this.id,
      profileId: this.profile.id,
      scenario: this.scenario,
      model: this.profile.model,
      mode: this.#mode,
      powered: this.#powered,
      cablePlugged: this.#cable,
      tp1Held: this.#tp1,
      currentMa: this.currentMa(),
      usb: att ? { vendorId: att.vendorId, productId: att.productId, interfaces: att.interfaces.map((i) => i.number), mode: att.mode } : null,
      atReady: app && this.#atReady,
      firmware: fw ? revisionOf(fw) : null,
      firmwareVersion: fw?.version ?? null,
      carrier: app ? (this.session.loadedPri?.carrier ?? null) : (loadedPri(this.flash)?.carrier ?? null),
      preferredCarrier: this.flash.preferred?.carrier ?? null,
      flashHealth: this.flash.health,
      storedPris: this.flash.pris.map((p) => `${p.fwVersion}_${p.carrier}_${p.priVersion}`),
      flashHistory: [...this.flash.history],
      sim: this.sim.status,
      operator: app && reg.camped ? this.radio.operator.name : null,
      coverage: this.radio.coverage,
      registration: app ? reg.note : this.#mode,
      dataActive: app && this.session.active.size > 0,
      unlocked: app && this.session.unlocked,
      faults: this.#faults.map(describeFault),
      downloadFaults: this.#downloadFaults,
      downloadBytes: this.#downloadBytes,
      bootLoopCycles: this.#loopCycles,
      replay: this.#replay
        ? {
            model: this.#replay.summary.model,
            firmware: this.#replay.summary.firmware,
            profileModel: this.#replay.summary.profileModel,
            recordedCommands: this.#replay.summary.commands,
            fromText: this.#replay.summary.fromText,
            answeredRecorded: this.#replay.recorded.counts.recorded,
            answeredSimulated: this.#replay.recorded.counts.simulated,
            staleSince: this.#replay.recorded.staleSince,
          }
        : null,
    };
  }

  currentMa(): number {
    const c = this.profile.currentMa;
    switch (this.#mode) {
      case 'off':
        return 0;
      case 'booting':
        return c.booting;
      case 'download':
        return c.download;
      case 'boot-loop':
        // restarting over and over: about twice the idle draw, never settling
        return Math.round(c.idle * 2 + (this.#attachment ? 25 : -15));
      case 'application': {
        if (this.session.active.size > 0) return c.dataCall;
        return this.registration().camped ? c.registered : c.idle;
      }
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------

  #timers = new Set<unknown>();

  /** A delay that is forgotten when the module resets or loses power (the generation moves on). */
  #later(fn: () => void, ms: number): void {
    const gen = this.#gen;
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle);
      if (gen === this.#gen) fn();
    }, ms);
    this.#timers.add(handle);
  }

  /** Cancels every pending delay (power gone): nothing keeps a Node process or a page busy. */
  #cancelTimers(): void {
    for (const t of this.#timers) this.clock.clearTimeout(t);
    this.#timers.clear();
  }

  #powerOn(): void {
    if (this.#powered || !this.#cable) return;
    this.#powered = true;
    this.#boot('power on');
  }

  #powerOff(reason: string): void {
    this.#gen++;
    this.#cancelTimers();
    const wasDownload = this.#mode === 'download';
    this.#detach();
    if (wasDownload) this.#downloadInterrupted(reason);
    this.#powered = false;
    this.#mode = 'off';
    this.#changed();
  }

  #boot(why: string): void {
    this.#gen++;
    this.#detach();
    this.#mode = 'booting';
    this.flash.resetCounter++;
    const t = this.profile.timing;
    this.#log(`boot (${why})`);
    if (this.#tp1) {
      this.#log('TP1 low at power-on: boot-and-hold');
      this.#later(() => this.#attachDownload(), this.#rng.between(t.downloadEnumMs));
    } else if (this.flash.health === 'hold') {
      this.#log('no valid application image: the bootloader stays in boot-and-hold');
      this.#later(() => this.#attachDownload(), this.#rng.between(t.downloadEnumMs));
    } else if (this.flash.health === 'boot-loop') {
      this.#mode = 'boot-loop';
      this.#later(() => this.#loopUp(), this.#rng.between(t.bootMs));
    } else {
      this.#later(() => this.#attachApplication(), this.#rng.between(t.bootMs));
    }
    this.#changed();
  }

  #detach(): void {
    const att = this.#attachment;
    this.#personality?.stop();
    this.#personality = null;
    this.#atReady = false;
    this.#download = null;
    if (!att) return;
    this.#attachment = null;
    att.detach();
    this.#log(`left the bus (${att.label})`);
    this.events.emit('detach', att);
  }

  #attach(mode: AttachMode, productId: number, interfaces: Attachment['interfaces'], endpointFor: (ifnum: number) => DeviceEndpoint | null): Attachment {
    const p = this.profile;
    const att = new Attachment(
      {
        modemId: this.id,
        mode,
        vendorId: p.usb.vendorId,
        productId,
        serialNumber: mode === 'download' ? null : this.identity.fsn,
        manufacturerName: p.usb.manufacturer,
        productName: mode === 'download' ? p.usb.bootProduct : p.usb.product,
        interfaces,
      },
      endpointFor,
      (hooks) =>
        new FaultyLink(
          () => this.#faults,
          {
            hostBytesSinceArmed: () => this.#faultBytes,
            addHostBytes: (n) => {
              this.#faultBytes += n;
              if (mode === 'download') this.#downloadBytes += n;
            },
          },
          this.clock,
          this.#rng,
          hooks,
        ),
    );
    att.onUnplugFault = () => {
      this.#log('fault: the module dropped off the bus');
      this.#cable = false;
      this.#powerOff('unplug fault');
    };
    this.#attachment = att;
    this.#log(`enumerated ${att.label} (${mode}, interfaces ${interfaces.map((i) => i.number).join(',')})`);
    this.events.emit('attach', att);
    return att;
  }

  #attachApplication(): void {
    const t = this.profile.timing;
    const now = this.clock.now();
    const s = freshVolatileState(now, this.#cmee, this.#stored);
    s.cregN = this.#urcMode;
    s.cgregN = this.#urcMode;
    s.ceregN = this.#urcMode;
    s.loadedPri = loadedPri(this.flash);
    s.imswitchLpm = s.loadedPri === null || preferenceMismatches(this.flash).length > 0;
    if (this.#firstBootCfun !== null) {
      s.cfun = this.#firstBootCfun;
      this.#firstBootCfun = null;
    }
    this.session = s;
    this.#lastReg = null;
    this.#mode = 'application';
    const personality = new AtPersonality(this.#host, { handlers: SIERRA_AT_COMMANDS, ...(this.#recorded ? { recorded: this.#recorded } : {}) });
    this.#personality = personality;
    this.#atReady = false;
    this.#attach('application', this.flash.usbPid.app, this.profile.usb.appInterfaces, (ifnum) => {
      const fn = this.profile.usb.appInterfaces.find((i) => i.number === ifnum)?.function;
      if (fn === 'at') return this.#atEndpoint(personality);
      if (fn === 'dm') return createDmEndpoint(() => this.#host.boothold());
      return null;
    });
    this.#later(() => {
      this.#atReady = true;
      this.session.radioReadyAt = this.clock.now() + this.#rng.int(2000, 4000);
      this.#log(s.imswitchLpm ? 'AT ready; low power mode: image preference mismatch' : 'AT ready');
      this.#regChanged();
      this.#scheduleCellChange();
      this.#changed();
    }, this.#rng.between(t.atReadyMs));
    this.#changed();
  }

  #atEndpoint(personality: AtPersonality): DeviceEndpoint {
    return {
      open: (link) => personality.setSink((d) => link.send(d)),
      // before the AT server is up, what the host types is lost
      receive: (d) => {
        if (this.#atReady) personality.receive(d);
      },
      close: () => personality.setSink(null),
    };
  }

  /** Boot loop: the application starts, enumerates, crashes; only !BOOTHOLD is still caught. */
  #loopUp(): void {
    const t = this.profile.timing;
    this.#mode = 'boot-loop';
    this.#loopCycles++;
    this.session = freshVolatileState(this.clock.now(), this.#cmee);
    const deaf = new AtPersonality(this.#host, { handlers: SIERRA_AT_COMMANDS, deaf: true });
    this.#personality = deaf;
    // a loop that crashes before the AT server starts drops even AT!BOOTHOLD
    this.#atReady = !this.flash.loopUncatchable;
    this.#attach('boot-loop', this.flash.usbPid.app, this.profile.usb.appInterfaces, (ifnum) =>
      this.profile.usb.appInterfaces.find((i) => i.number === ifnum)?.function === 'at' ? this.#atEndpoint(deaf) : null,
    );
    this.#later(() => {
      this.#detach();
      this.#log('crashed; restarting');
      this.#changed();
      this.#later(() => this.#loopUp(), this.#rng.between(t.loopDownMs));
    }, this.#rng.between(t.loopUpMs));
    this.#changed();
  }

  #attachDownload(): void {
    this.#recorded?.moduleChanged?.('download mode');
    this.#mode = 'download';
    this.#downloadDone = false;
    this.#downloadBytes = 0;
    const gen = this.#gen;
    const faults = [this.#downloadFaults, ...this.#faults.filter((f) => f.kind === 'power-loss-during-write').map((f) => (f.kind === 'power-loss-during-write' ? `power-loss-after:${f.afterBytes}` : ''))]
      .filter(Boolean)
      .join(',');
    const device = createDownloadDevice({
      protocol: this.profile.downloadProtocol === 'qdl' ? 'qdl' : 'firehose',
      faults,
      seed: this.#rng.int(1, 0x7fffffff),
      profile: this.profile.downloadProfile,
      clock: this.clock,
      onReset: (flash, cause) => {
        if (gen === this.#gen) this.#downloadReset(flash, cause);
      },
      onUnplug: (reason) => {
        if (gen === this.#gen) this.#downloadGone(reason);
      },
      log: (line) => this.#log(line),
    });
    this.#download = device;
    this.#attach('download', this.flash.usbPid.boot, [DOWNLOAD_INTERFACE], (ifnum) => (ifnum === 0 ? device : null));
    this.#changed();
  }

  #pendingCause: ResetCause | null = null;

  #downloadReset(flash: VirtualFlash, cause: ResetCause): void {
    this.#downloadDone = true;
    this.#pendingCause = cause;
    const outcome = flash.bootOutcome();
    this.flash.lastSessionBytes = this.#downloadBytes;
    if (cause === 'power-loss') {
      // the fault is spent: power came back
      this.#faults = this.#faults.filter((f) => f.kind !== 'power-loss-during-write');
      this.flash.health = 'boot-loop';
      this.flash.history.push('power lost during write');
      this.#log('power lost during write: the image is partial');
    } else {
      this.#log(installOutcome(this.flash, this.profile, outcome));
    }
  }

  #downloadGone(reason: string): void {
    const cause = this.#pendingCause;
    this.#pendingCause = null;
    if (cause === 'reset') {
      this.#log(`download device reset (${reason})`);
      this.#gen++;
      this.#detach();
      this.#mode = 'booting';
      this.#changed();
      this.#later(() => this.#boot('reset after download'), 200);
    } else if (cause === 'power-loss') {
      this.#powerOff('power loss');
      const gen = this.#gen;
      this.clock.setTimeout(() => {
        if (gen === this.#gen && this.#cable) this.#powerOn();
      }, 1000);
    } else {
      // an unplug fault inside the download device: the module is gone until re-plugged
      this.#cable = false;
      this.#powerOff(reason);
    }
  }

  /** The session ended without a reset (cable, power): a write in progress damages the flash. */
  #downloadInterrupted(reason: string): void {
    if (this.#downloadDone || this.#downloadBytes < WRITE_STARTED_BYTES) return;
    this.flash.health = this.profile.chipset === '9x07' ? 'boot-loop' : 'hold';
    this.flash.lastSessionBytes = this.#downloadBytes;
    this.flash.history.push(`download interrupted (${reason}) after ${this.#downloadBytes} bytes`);
    this.#log(`download interrupted after ${this.#downloadBytes} bytes: flash is ${this.flash.health === 'hold' ? 'without a valid image' : 'partial'}`);
  }

  // ---- AT host actions ------------------------------------------------------------------

  #makeHost(): AtHost {
    const self = this;
    return {
      get profile() {
        return self.profile;
      },
      get identity() {
        return self.identity;
      },
      get flash() {
        return self.flash;
      },
      get sim() {
        return self.sim;
      },
      get radio() {
        return self.radio;
      },
      get session() {
        return self.session;
      },
      get clock() {
        return self.clock;
      },
      get rng() {
        return self.#rng;
      },
      firmware: (): FirmwareBuild | null => activeFirmware(self.flash),
      registration: () => self.registration(),
      uptimeSeconds: () => Math.floor((self.clock.now() - self.session.bootedAt) / 1000),
      temperatureC: () => self.profile.temperatureC + (self.session.active.size ? 3 : 0),
      reset: () => {
        self.#log('AT!RESET');
        self.#gen++;
        self.#later(() => self.#boot('AT!RESET'), self.#rng.int(150, 400));
        self.#changed();
      },
      boothold: () => {
        self.#log('AT!BOOTHOLD: switching to boot-and-hold');
        self.#gen++;
        const t = self.profile.timing;
        self.#later(() => {
          self.#detach();
          self.#mode = 'booting';
          self.#changed();
          self.#later(() => self.#attachDownload(), self.#rng.between(t.downloadEnumMs));
        }, self.#rng.int(150, 400));
        self.#changed();
      },
      stateChanged: () => self.#regChanged(),
      get storedProfile() {
        return self.#stored;
      },
      saveProfile: (p) => {
        self.#stored = p;
      },
    };
  }

  #radioTimerAt = -1;

  /** Registration may have moved: send +CREG/+CEREG URCs for what changed. */
  #regChanged(): void {
    const readyAt = this.session.radioReadyAt;
    if (this.#mode === 'application' && readyAt > this.clock.now() && readyAt !== this.#radioTimerAt) {
      // searching now; registration completes at radioReadyAt
      this.#radioTimerAt = readyAt;
      this.#later(() => this.#regChanged(), readyAt - this.clock.now());
    }
    if (this.#mode === 'application' && this.#personality && this.#atReady) {
      const reg = this.registration();
      const last = this.#lastReg;
      const s = this.session;
      const cgreg = psStat(reg);
      // 27.007: a URC for each domain whose status changed, only when its n is 1 or 2, in that n's form
      const tell = (name: '+CREG' | '+CGREG' | '+CEREG', n: number, was: number | undefined, now: number) => {
        if (n > 0 && was !== now && (was !== undefined || now !== 0)) this.#personality?.urc(regUrc(name, n, now, this.#host));
      };
      tell('+CREG', s.cregN, last?.creg, reg.creg);
      tell('+CGREG', s.cgregN, last?.cgreg, cgreg);
      tell('+CEREG', s.ceregN, last?.cereg, reg.cereg);
      this.#lastReg = { creg: reg.creg, cgreg, cereg: reg.cereg };
    }
    this.#changed();
  }

  /** Idle life: now and then the module reselects between two cells of its operator (URCs in mode 2). */
  #scheduleCellChange(): void {
    this.#later(() => {
      const reg = this.registration();
      if (reg.camped && this.radio.coverage) {
        this.radio.cell = { ...this.radio.cell, cellId: this.radio.cell.cellId ^ 0x01 };
        const s = this.session;
        // only n=2 reports a cell change (n=1 reports status changes only)
        if (this.#personality && (reg.creg === 1 || reg.creg === 5) && s.cregN === 2) this.#personality.urc(regUrc('+CREG', 2, reg.creg, this.#host));
        const ps = psStat(reg);
        if (this.#personality && (ps === 1 || ps === 5) && s.cgregN === 2) this.#personality.urc(regUrc('+CGREG', 2, ps, this.#host));
        if (this.#personality && (reg.cereg === 1 || reg.cereg === 5) && s.ceregN === 2) this.#personality.urc(regUrc('+CEREG', 2, reg.cereg, this.#host));
      }
      this.#scheduleCellChange();
    }, this.#rng.int(20_000, 45_000));
  }

  #changed(): void {
    this.events.emit('change', this.snapshot());
  }

  #log(line: string): void {
    this.events.emit('log', `[${this.id}] ${line}`);
  }

  /** A copy of the flash (for the panel: "flash contents"). */
  flashContents(): FlashState {
    return cloneFlash(this.flash);
  }
}

/** A distinct IMEI (valid Luhn digit) and FSN for the Nth module of a profile. */
export function unitIdentity(base: ModuleProfile['identity'], unit: number): ModuleProfile['identity'] {
  if (unit === 0) return base;
  const body = base.imei.slice(0, 8) + String((Number(base.imei.slice(8, 14)) + unit * 7919) % 1_000_000).padStart(6, '0');
  const fsn = base.fsn.slice(0, -3) + ((Number.parseInt(base.fsn.slice(-3), 36) + unit) % 46656).toString(36).padStart(3, '0').toUpperCase();
  return { ...base, imei: body + luhn(body), fsn, ...(base.meid ? { meid: (body + luhn(body)).slice(0, 14) } : {}) };
}

function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
