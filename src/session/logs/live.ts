/**
 * The app's one recorder: sessions go to the `boothold-sessions` database, batched every
 * 250 ms and flushed at once when the page is hidden or being unloaded. Guided flows reach the
 * current session through `journalRecorder.current` (or `begin()` one when no modem is
 * connected, e.g. a rescue that starts in download mode).
 */
import { version } from '../../../package.json';
import { deviceApis } from '../../platform/device-apis.ts';
import type { ModemConnection } from '../connection/modem-connection.ts';
import { recordConnection } from './connection-recorder.ts';
import { describeEnvironment } from './environment.ts';
import { JournalRecorder } from './recorder.ts';
import { JournalStore } from './store.ts';

export const APP_VERSION: string = version;

export const journalRecorder = new JournalRecorder({
  store: () => JournalStore.open(),
  environment: () =>
    describeEnvironment(APP_VERSION, globalThis.document?.documentElement.lang || globalThis.navigator?.language || 'en', deviceApis().virtual),
});

let attached = false;
const extra: JournalRecorder[] = [];
const byConnection = new WeakMap<object, JournalRecorder>();

/** The recorder of one modem's connection (see recordModemSessions). */
export function recorderOf(connection: object): JournalRecorder | null {
  return byConnection.get(connection) ?? null;
}

/** Starts recording the app's connection (once); flushes on hide/unload; marks crashed sessions. */
export function recordAppSessions(connection: Pick<ModemConnection, 'events' | 'state'>): void {
  if (attached) return;
  attached = true;
  recordConnection(journalRecorder, connection);
  startAppRecording();
}

let started = false;

/**
 * At page start, before any modem is connected: flush on hide/unload, and mark the sessions a
 * crashed page left in progress (the Sessions page must show them as interrupted at once).
 */
export function startAppRecording(): void {
  if (started) return;
  started = true;
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void journalRecorder.flush();
    });
  }
  if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void journalRecorder.flush());
  if (typeof indexedDB !== 'undefined') void journalRecorder.recoverInterrupted().catch(() => undefined);
}

/**
 * Records one modem of several. A recorder has one current session, so the first modem uses the
 * app's recorder and each further modem its own recorder on the same store; their events are
 * passed on to `journalRecorder.events`, so the Sessions page sees every modem's sessions.
 */
export function recordModemSessions(connection: Pick<ModemConnection, 'events' | 'state'>): JournalRecorder {
  if (!attached) {
    recordAppSessions(connection);
    byConnection.set(connection, journalRecorder);
    return journalRecorder;
  }
  const recorder = new JournalRecorder({
    store: () => journalRecorder.store(),
    environment: () =>
      describeEnvironment(APP_VERSION, globalThis.document?.documentElement.lang || globalThis.navigator?.language || 'en', deviceApis().virtual),
  });
  recorder.events.on('written', (e) => journalRecorder.events.emit('written', e));
  recorder.events.on('write-failed', (e) => journalRecorder.events.emit('write-failed', e));
  recorder.events.on('started', (e) => journalRecorder.events.emit('started', e));
  recorder.events.on('ended', (e) => journalRecorder.events.emit('ended', e));
  extra.push(recorder);
  byConnection.set(connection, recorder);
  recordConnection(recorder, connection);
  if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void recorder.flush());
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void recorder.flush();
    });
  }
  return recorder;
}

/** Ids of the sessions being recorded for any modem (never deleted by retention or "delete all"). */
export function liveJournalIds(): ReadonlySet<string> {
  return new Set([...journalRecorder.liveIds, ...extra.flatMap((r) => [...r.liveIds])]);
}
