/**
 * The session log's data model, which is also the export file format (`boothold.session-log`,
 * versioned). Everything here is plain JSON-able data except raw chunks' bytes, which the JSON
 * export carries as base64. A change that old readers cannot ignore bumps SCHEMA_VERSION; the
 * importer refuses versions it does not know instead of guessing.
 */
import type { Localized } from '../../text/localized.ts';
import type { FindingId, Severity } from '../../knowledge/rules/finding-ids.ts';

export const SCHEMA_ID = 'boothold.session-log';
export const SCHEMA_VERSION = 1;

/**
 * How a session ended. `in-progress` only while it is being recorded; `interrupted` when the page
 * died (crash, closed tab) before it could say.
 */
export const OUTCOMES = ['in-progress', 'ok', 'problems', 'failed', 'cancelled', 'interrupted'] as const;
export type JournalOutcome = (typeof OUTCOMES)[number];

export interface DeviceInfo {
  readonly manufacturer: string | null;
  readonly model: string | null;
  /** Firmware revision as printed (ATI `Revision:` / AT+CGMR). */
  readonly firmware: string | null;
  readonly imei: string | null;
  readonly iccid: string | null;
  readonly imsi: string | null;
  /** Port label ("USB 1199:68C0", "/dev/ttyUSB2"). */
  readonly port: string | null;
}

export const EMPTY_DEVICE: DeviceInfo = { manufacturer: null, model: null, firmware: null, imei: null, iccid: null, imsi: null, port: null };

export interface Environment {
  readonly appVersion: string;
  readonly userAgent: string;
  /** "Chrome 131", when it can be told. */
  readonly browser: string | null;
  /** "Windows", "macOS 14", "Linux", … */
  readonly os: string | null;
  /** UI language at the start of the session. */
  readonly language: string;
  readonly timeZone: string | null;
  /** The virtual modem stood in for the hardware. */
  readonly virtualModem: boolean;
}

/** A finding as stored: both languages kept, so an imported log reads the same anywhere. */
export interface StoredFinding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly title: Localized;
  readonly detail: Localized;
  readonly nextSteps: readonly { readonly text: Localized; readonly actionId: string | null }[];
  readonly source: string;
  readonly evidence: readonly string[];
}

export type StepStatus = 'started' | 'done' | 'failed' | 'skipped' | 'info';
export const STEP_STATUSES: readonly StepStatus[] = ['started', 'done', 'failed', 'skipped', 'info'];

export type ConnectionPhase = 'opening' | 'identifying' | 'connected' | 'disconnected' | 'lost' | 'failed';
export const CONNECTION_PHASES: readonly ConnectionPhase[] = ['opening', 'identifying', 'connected', 'disconnected', 'lost', 'failed'];

/** One thing that happened. `seq` orders events within a session; `t` is ms since the epoch. */
export type LogEvent = { readonly seq: number; readonly t: number } & LogEventBody;

export type LogEventBody =
  | { readonly kind: 'connection'; readonly phase: ConnectionPhase; readonly port: string | null }
  /** A command as written to the modem (an ENTERCND password is already masked). */
  | { readonly kind: 'at-command'; readonly command: string }
  | {
      readonly kind: 'at-response';
      readonly command: string;
      readonly lines: readonly string[];
      /** The final result line as the modem printed it ("OK", "+CME ERROR: 10"). */
      readonly final: string;
      readonly ok: boolean;
      readonly durationMs: number;
      readonly passwordGate: 'open' | 'locked' | 'unlocked';
    }
  /** A command that never got its final result (timeout, abort, write failure). */
  | { readonly kind: 'at-no-answer'; readonly command: string }
  /** A line the modem printed for a command the session had already given up on. */
  | { readonly kind: 'at-late'; readonly text: string }
  | { readonly kind: 'urc'; readonly line: string }
  | { readonly kind: 'flow-step'; readonly flow: string; readonly step: string; readonly status: StepStatus; readonly detail: string | null }
  /** A typed error from any layer: `source` names it (connection, at, download, a flow), `code` is its code. */
  | { readonly kind: 'error'; readonly source: string; readonly code: string; readonly message: string; readonly detail: string | null }
  | { readonly kind: 'findings'; readonly findings: readonly StoredFinding[] }
  /** A protocol message summary (download engine log: h2d/d2h/info/error). */
  | { readonly kind: 'protocol'; readonly dir: 'h2d' | 'd2h' | 'info' | 'error'; readonly text: string }
  | {
      readonly kind: 'progress';
      readonly phase: string;
      readonly part: string | null;
      readonly bytesDone: number;
      readonly bytesTotal: number;
    }
  | { readonly kind: 'result'; readonly outcome: Exclude<JournalOutcome, 'in-progress' | 'interrupted'>; readonly code: string | null; readonly message: string | null }
  | { readonly kind: 'note'; readonly text: string };

export type LogEventKind = LogEventBody['kind'];

/** Raw protocol bytes, kept in a bounded ring per session (oldest out). */
export interface RawChunk {
  readonly seq: number;
  readonly t: number;
  readonly dir: 'tx' | 'rx';
  readonly bytes: Uint8Array;
}

export interface JournalMeta {
  readonly id: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly endedAt: number | null;
  readonly origin: 'live' | 'imported';
  /** When an imported log was added to this browser. */
  readonly importedAt: number | null;
  readonly outcome: JournalOutcome;
  /** The error code behind a failed/problem outcome, when one is known. */
  readonly outcomeCode: string | null;
  /** Guided flows that ran (update, rescue, …), in order of first step. */
  readonly flows: readonly string[];
  readonly device: DeviceInfo;
  readonly environment: Environment;
  /** The latest findings reported in the session. */
  readonly findings: readonly StoredFinding[];
  readonly counts: { readonly events: number; readonly commands: number; readonly errors: number };
  readonly raw: { readonly keptBytes: number; readonly droppedBytes: number; readonly capBytes: number };
  /** Approximate bytes the session takes in storage (events as JSON + raw bytes). */
  readonly sizeBytes: number;
  /**
   * What a guided flow changed on the modem (update, carrier switch, rescue): the state it read
   * before and the state it read back at the end. Set when the flow ended well; the session view
   * then shows the "after" state as current and the earlier findings as the "before" state.
   * Optional, so a reader that does not know it just ignores it.
   */
  readonly flowState?: FlowState;
  /**
   * Set on a session imported from a masked export: its IMEI, ICCID, IMSI and phone numbers were
   * masked before the file was made, so revealing them shows only the mask.
   */
  readonly identifiersMasked?: boolean;
}

/** The modem as a flow read it: firmware (the revision as printed) and carrier configuration. */
export interface ModemState {
  readonly firmware: string | null;
  readonly carrier: string | null;
}

export interface FlowState {
  readonly flow: string;
  /** When the flow read the "after" state (ms since the epoch). */
  readonly at: number;
  readonly before: ModemState | null;
  readonly after: ModemState;
  /**
   * The session's `findings` were made on the "before" state (a check run before the flow);
   * false once findings arrive after the flow (a check of the new state).
   */
  readonly findingsBefore: boolean;
}

/** A whole session, as read back from the store or an import. */
export interface JournalData {
  readonly meta: JournalMeta;
  readonly events: readonly LogEvent[];
  readonly raw: readonly RawChunk[];
}

/** The export file (`JSON.stringify`-ed). Raw bytes as base64. */
export interface JournalExport {
  readonly schema: typeof SCHEMA_ID;
  readonly version: typeof SCHEMA_VERSION;
  readonly exportedAt: string;
  readonly exportedBy: { readonly app: 'Boothold'; readonly version: string };
  /** IMEI/ICCID/IMSI/phone numbers were masked. */
  readonly redacted: boolean;
  /** The choice made when exporting, in words: `masked` (the default) or `included` (asked for). */
  readonly identifiers?: 'masked' | 'included';
  readonly session: JournalMeta;
  readonly events: readonly LogEvent[];
  readonly raw: readonly { readonly seq: number; readonly t: number; readonly dir: 'tx' | 'rx'; readonly data: string }[];
}
