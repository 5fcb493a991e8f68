/**
 * The vocabulary shared by the phase runner, the three flow modules and the UI: timings, the
 * environment a flow runs in, what the user is asked, how a failure is described, and the view
 * the UI mirrors.
 */
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import type { CompatibilityFinding } from '../../knowledge/compatibility.ts';
import type { FindingId } from '../../knowledge/rules/finding-ids.ts';
import type { Finding } from '../../knowledge/rules/types.ts';
import type { DownloadProgress } from '../download/engine.ts';
import type { DownloadTimings } from '../download/timings.ts';
import type { PortDescriber } from '../link/port-role.ts';
import type { Journal } from '../logs/journal.ts';
import type { WritePlatform } from '../write/platform.ts';
import type { WriteRefusal } from '../write/refusal.ts';
import type { WritePath } from '../write/write-job.ts';
import type { LoopStats } from './boot-loop-detector.ts';
import type { FlowClock } from './clock.ts';
import type { FlowErrorCode } from './errors.ts';
import type { FlowImage, FlowImageRef } from './flow-image.ts';
import type { ModemFacts } from './modem-reads.ts';
import type { FlowRecord, FlowStore } from './persistence.ts';
import type { FlowKind, Phase } from './phases.ts';
import type { Localized } from '../../text/localized.ts';

export interface FlowTimings {
  /** After AT!BOOTHOLD/AT!RESET, how long the AT port may take to go away. */
  readonly portGoneMs: number;
  /** How long to wait for the download-mode device (libqmi: 120 s). */
  readonly downloadWaitMs: number;
  /** Typical time to re-enumerate in download mode (drives the pseudo-progress). */
  readonly downloadExpectedMs: number;
  /** How long to wait for the application-mode port after a reset (libqmi: 120 s). */
  readonly appWaitMs: number;
  readonly appExpectedMs: number;
  /** How long the AT server may take to answer once the port is back. */
  readonly atAnswerMs: number;
  /** Rescue: how long to wait for the next appearance of a looping module. */
  readonly loopWaitMs: number;
  /** Rescue: appearances tried before the TP1 guide. */
  readonly catchAttempts: number;
  /** Rescue: AT!BOOTHOLD is repeated this often while the port is up. */
  readonly catchRepeatMs: number;
}

export const DEFAULT_FLOW_TIMINGS: FlowTimings = {
  portGoneMs: 15_000,
  downloadWaitMs: 120_000,
  downloadExpectedMs: 6_000,
  appWaitMs: 120_000,
  appExpectedMs: 15_000,
  atAnswerMs: 30_000,
  loopWaitMs: 45_000,
  catchAttempts: 3,
  catchRepeatMs: 200,
};

export interface FlowEnv {
  readonly serial: Serial;
  readonly usb: USB | null;
  readonly clock?: FlowClock;
  readonly timings?: Partial<FlowTimings>;
  readonly downloadTimings?: Partial<DownloadTimings>;
  readonly store?: FlowStore | null;
  /** Write progress events at most this often (real ms). */
  readonly progressIntervalMs?: number;
  /** 'usb' (default when WebUSB exists) or 'serial' (the OS exposes the download port as a tty/COM). */
  readonly downloadVia?: 'usb' | 'serial';
  /** What the platform knows about a serial port's function (the virtual modem's bench); absent on real hardware. */
  readonly describePort?: PortDescriber | null;
  /** The session journal the write job records the write into (protocol trace, outcome). */
  readonly journal?: Journal | null;
  /** The journal's name for this write path (default: the flow's kind; a batch says 'batch'). */
  readonly writePath?: WritePath;
  /** The browser guards of the write job (cross-tab lock, wake lock, leave warning); none in tests and Node. */
  readonly writePlatform?: WritePlatform;
}

export type FlowStatus = 'running' | 'needs-user' | 'failed' | 'done' | 'cancelled';

/** What the user is asked, when status is `needs-user`. */
export type FlowPrompt =
  | { readonly kind: 'confirm-image'; readonly findings: readonly CompatibilityFinding[] }
  | { readonly kind: 'reconnect'; readonly target: 'download' | 'app' }
  /**
   * The looping module's port must be granted while it is up. `catchAsked`: the user said it
   * loops, so the catch starts as soon as the port is granted.
   */
  | { readonly kind: 'pick-loop-port'; readonly catchAsked: boolean }
  | { readonly kind: 'tp1' }
  | { readonly kind: 'choose-image' }
  /**
   * The image's or the module's product line is not in the tables: the write goes ahead only
   * once the user types the module's model name (confirmModel). `rejected`: what was typed did not do.
   */
  | { readonly kind: 'type-model'; readonly refusal: WriteRefusal; readonly rejected: string | null };

export interface FlowFailure {
  readonly code: FlowErrorCode;
  /** English: the log's, the CLI's. */
  readonly message: string;
  /** The same in every language, for the page; absent in records stored before it existed. */
  readonly text?: Localized | null;
  readonly detail: string | null;
  /** The phase "try again" re-enters; null: nothing to retry (choose another image, start over). */
  readonly resume: Phase | null;
  readonly failedIn: Phase;
}

export interface VerifyReport {
  readonly expectedFirmware: string | null;
  readonly firmware: string | null;
  readonly expectedCarrier: string | null;
  readonly carrier: string | null;
  readonly preferredCarrier: string | null;
  readonly ok: boolean;
}

export interface FlowView {
  readonly id: string;
  readonly kind: FlowKind;
  readonly phase: Phase;
  readonly status: FlowStatus;
  readonly prompt: FlowPrompt | null;
  readonly failure: FlowFailure | null;
  /** Write progress 0–1 while flashing. */
  readonly progress: number | null;
  /** The engine's latest report while flashing (bytes, rate, time left, the part), else null. */
  readonly transfer: DownloadProgress | null;
  /** A timed wait the UI shows as pseudo-progress (clock ms). */
  readonly wait: { readonly startedAt: number; readonly expectedMs: number; readonly timeoutMs: number } | null;
  readonly image: FlowImageRef | null;
  readonly before: ModemFacts | null;
  readonly after: ModemFacts | null;
  readonly verify: VerifyReport | null;
  /** APN profiles put back after the update, as the commands sent. */
  readonly restored: readonly string[];
  readonly loop: LoopStats | null;
  readonly catchAttempts: number;
  /** Rescue: picks of the looping port that came back empty (the module had gone again). */
  readonly loopPicksMissed: number;
  readonly targetCarrier: string | null;
  /** Findings of the check re-run after a carrier switch (id, severity, title). */
  readonly findings: readonly { readonly id: FindingId; readonly severity: Finding['severity']; readonly title: Finding['title'] }[];
  readonly usbLabel: string | null;
}

export interface FlowEvents extends Record<string, unknown> {
  state: FlowView;
  log: { readonly at: number; readonly text: string };
  /** The "before" snapshot of an update (for the session log). */
  snapshot: ModemSnapshot;
}

export interface FlowOptions {
  readonly kind: FlowKind;
  readonly env: FlowEnv;
  /** The module's AT port (update and carrier flows start from it). */
  readonly atPort?: SerialPort | null;
  readonly image?: FlowImage | null;
  /** Carrier flow: the carrier image to prefer (default GENERIC). */
  readonly targetCarrier?: string;
  /** Model when known before the flow reads it (rescue, resume). */
  readonly model?: string | null;
  readonly usb?: { readonly vendorId: number; readonly productId: number } | null;
  /** A persisted flow to continue. */
  readonly resume?: FlowRecord | null;
}

export type UserAction = 'confirm' | 'retry' | 'abandon' | 'tp1-done' | 'catch' | 'in-download';
