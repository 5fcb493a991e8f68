/**
 * What a guided flow (update, rescue) or any other session-layer code writes into the current
 * session's log. Appends are cheap and synchronous: they land in memory and the recorder
 * writes them to IndexedDB in batches, so logging never waits on storage.
 *
 *   const log = journalRecorder.current ?? journalRecorder.begin();
 *   const release = log.hold();               // keep one session across the modem's reset
 *   log.step('update', 'switch-to-download', 'started');
 *   log.error('update', 'device-lost', 'The module did not come back in download mode.');
 *   log.result('failed', 'device-lost');
 *   release();
 */
import type { Finding } from '../../knowledge/rules/types.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import type { DeviceInfo, LogEventBody, JournalOutcome, ModemState, StepStatus } from './schema.ts';

export interface Journal {
  readonly id: string;
  /** False once the session has ended: further appends are ignored. */
  readonly active: boolean;
  /** A step of a guided flow (`flow` is a stable id such as `update` or `rescue`). */
  step(flow: string, step: string, status: StepStatus, detail?: string): void;
  /** A typed error: `source` is the layer or flow, `code` its error code. */
  error(source: string, code: string, message: string, detail?: string): void;
  /** Findings of a diagnosis (replaces earlier findings in the session summary). */
  findings(findings: readonly Finding[]): void;
  /** Device identity from a "Check my modem" snapshot (model, firmware, IMEI, ICCID, IMSI). */
  snapshot(snapshot: ModemSnapshot): void;
  device(patch: Partial<DeviceInfo>): void;
  /** Raw protocol bytes (kept in a bounded ring, oldest out). */
  raw(dir: 'tx' | 'rx', bytes: Uint8Array): void;
  note(text: string): void;
  /** How the session (or the flow that owns it) ended; the last result wins. */
  result(outcome: Exclude<JournalOutcome, 'in-progress' | 'interrupted'>, code?: string | null, message?: string | null): void;
  /**
   * Keeps the session open when the AT port goes away (a flow that resets the modem or
   * switches it to download mode). Returns the release; the session ends when released and
   * no modem is connected.
   */
  hold(): () => void;
  /**
   * A flow ended and read the modem back: the session now describes the "after" state (its
   * device firmware is updated, earlier findings become the "before" state). Optional: only the
   * recorder's journals keep it.
   */
  flowState?(flow: string, before: ModemState | null, after: ModemState): void;
  /** Any event body (the typed helpers above cover the usual ones). */
  append(body: LogEventBody): void;
}
