/**
 * Findings: what the rules conclude about a modem, in words a user can act on.
 */
import type { Localized } from '../../text/localized.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import type { DecodedError } from '../errors/decode.ts';
import type { FindingId, Severity } from './finding-ids.ts';

export type { FindingId, Severity } from './finding-ids.ts';

/** AT commands that carry out a next step. Anything that writes asks for confirmation first. */
export interface FixAction {
  /** Stable id (`set-impref-generic`), for tests and logs. */
  readonly id: string;
  readonly label: Localized;
  readonly commands: readonly string[];
  /** Changes the modem's configuration: the UI must confirm before sending. */
  readonly writes: boolean;
  /** A gated command: send with the ENTERCND unlock allowed. */
  readonly needsUnlock: boolean;
  /** The module restarts at the end: the port goes away and comes back. */
  readonly resets: boolean;
  /** What the confirmation dialog says. */
  readonly confirm: Localized | null;
}

export interface NextStep {
  readonly text: Localized;
  readonly action?: FixAction;
}

export interface Finding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly title: Localized;
  /** Why it matters, with the facts that triggered it. */
  readonly detail: Localized;
  /** Numbered in order. */
  readonly nextSteps: readonly NextStep[];
  /** Where the rule's knowledge comes from. */
  readonly source: string;
  /** The lines or values that triggered it (already redacted where needed). */
  readonly evidence: readonly string[];
  /** 1-based line numbers of the analysed text the finding rests on (pasted text only). */
  readonly lines?: readonly number[];
}

/** An error found in a log or returned by the modem, with where it was seen. */
export interface LocatedError extends DecodedError {
  /** 1-based line number in the analysed text; null for live errors. */
  readonly line: number | null;
  /** FDT2 prints one failure as a primary and a secondary code: both, and `82/5` as printed. */
  readonly primary?: number;
  readonly secondary?: number;
  readonly secondaryName?: string;
  readonly secondaryEntry?: import('../errors/types.ts').ErrorEntry | null;
  readonly codeText?: string;
  /** How many times the same error was printed (retries, several instances). */
  readonly count?: number;
  /** The AT command it answered, when a transcript shows it (`!SCACT`): a refused data call is not a registration state. */
  readonly command?: string;
}

/** Something a log shows that is not an error code: a USB re-enumeration, a success message. */
export interface LogSignal {
  readonly kind:
    | 'usb-attach'
    | 'usb-detach'
    | 'download-mode'
    | 'update-succeeded'
    | 'update-failed'
    | 'device-not-found'
    | 'port-busy'
    | 'no-carrier'
    | 'boot-and-hold-timeout'
    /** A data-call command (AT!SCACT, AT+CGACT, ATD…) answered with an error or NO CARRIER. */
    | 'data-call-refused'
    /** libqmi: the QMI control device vanished under the tool (`endpoint hangup`). */
    | 'endpoint-hangup'
    /** A serial port hung up under the program (`HUP detected`, pppd `Modem hangup`). */
    | 'hangup'
    /** The module was listed, then gone (or the other way round) in successive lsusb / mmcli -L outputs. */
    | 'usb-vanished'
    /** The writer says it loops ("boot loop", "reboots in a loop"). */
    | 'loop-reported'
    /** A firmware update was started (tool banner, +WFWUPD install). */
    | 'update-started'
    /** The radio is reported in low-power / offline mode by a host tool (qmicli operating mode, mmcli power state). */
    | 'radio-low-power'
    /** A host tool reports the SIM missing (ModemManager "SIM not inserted", mmcli sim-missing). */
    | 'sim-not-inserted'
    /** "Waiting for modem in boothold mode…" printed again and again. */
    | 'boothold-wait'
    /** The network refused the attach (+CEER EMM cause): the text carries the decoded cause. */
    | 'attach-rejected'
    /** The module's boot loader refused to write the image (not allowed, invalid type, downgrade). */
    | 'image-refused';
  readonly text: string;
  readonly line: number | null;
}

export interface DiagnosisInput {
  readonly snapshot: ModemSnapshot | null;
  readonly errors: readonly LocatedError[];
  readonly signals: readonly LogSignal[];
  /** Gated commands a transcript shows refused (live refusals are in the snapshot's answers). */
  readonly lockedCommands?: readonly string[];
  /** Live-only facts the session knows (the port could not be opened, download mode by USB layout). */
  readonly live?: {
    readonly portBusy?: boolean;
    readonly deviceMissing?: boolean;
    readonly downloadMode?: boolean;
  };
}

export interface Rule {
  readonly id: FindingId;
  /** Default severity; a rule may raise or lower it for a given case. */
  readonly severity: Severity;
  readonly source: string;
  readonly evaluate: (input: DiagnosisInput, derived: Derived) => Finding | null;
}

/** Facts several rules need, computed once. */
export interface Derived {
  readonly model: string | null;
  readonly firmwareVersion: string | null;
  readonly currentCarrier: string | null;
  readonly preferredCarrier: string | null;
  /** Carriers with a GOOD PRI slot; null when AT!IMAGE? was not answered. */
  readonly storedCarriers: readonly string[] | null;
  readonly operatorName: string | null;
  readonly frenchOperator: import('../apn.ts').FrenchOperator | null;
  /** Camped on a cell (operator in +COPS or CS registered) but not attached for data. */
  readonly campedNotAttached: boolean;
  readonly errorsByFinding: ReadonlyMap<FindingId, readonly LocatedError[]>;
}
