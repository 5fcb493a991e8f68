/**
 * The session a guided update leaves behind (issue 16): it describes the modem as the flow left
 * it (the read-back firmware and carrier, with the state before), the findings made before the
 * flow are the "before" state, and every AT command the flow sent is in the command count.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GuidedFlow } from '../flows/guided-flow.ts';
import { drive, grantAtPort, r9Image, rig } from '../flows/rig.fixture.ts';
import { JournalRecorder } from './recorder.ts';
import { JournalStore } from './store.ts';
import { recordGuidedFlow } from './flow-recorder.ts';
import type { Finding } from '../../knowledge/rules/types.ts';

describe('session after a guided update (virtual modem, virtual clock)', () => {
  it('shows the read-back state with the state before, marks earlier findings as "before", counts the flow’s own commands', async () => {
    const r = rig('seed');
    const recorder = new JournalRecorder({
      store: () => JournalStore.open('flow-state-logs'),
      environment: () => ({ appVersion: 't', userAgent: 't', browser: null, os: null, language: 'en', timeZone: 'UTC', virtualModem: true }),
      flushMs: 10,
      locks: null,
    });
    const log = recorder.begin({ model: 'RC7620-1', firmware: 'SWI9X07H_00.08.07.00 0ce4c1 jenkins' });
    // a check made before the update left a warning on the old firmware
    const outdated = { id: 'firmware-outdated', severity: 'warning', title: { en: 'Not the newest firmware', fr: 'Pas le firmware le plus récent' }, detail: { en: 'x', fr: 'x' }, nextSteps: [], source: 'x', evidence: [] };
    log.findings([outdated as unknown as Finding]);
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'update', env: { ...r.env, journal: log }, atPort: port, image: r9Image() });
    const stop = recordGuidedFlow(log, flow);
    const done = flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.status === 'failed');
    flow.confirm();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect((await done).status).toBe('done');
    stop();
    await flow.finalPort?.close().catch(() => undefined);
    recorder.endCurrent({ connected: false });
    await recorder.flush();
    const data = (await (await recorder.store()).get(log.id))!;
    const meta = data.meta;
    expect(meta.flowState).toMatchObject({
      flow: 'update',
      before: { carrier: 'SIERRA' },
      after: { carrier: 'GENERIC' },
      findingsBefore: true,
    });
    expect(meta.flowState!.before!.firmware).toMatch(/00\.08\.07\.00/);
    expect(meta.flowState!.after.firmware).toMatch(/00\.08\.24\.02/);
    expect(meta.device.firmware).toMatch(/00\.08\.24\.02/);
    // the flow's commands are logged and counted: the reads, the switch to download mode, the read-back
    const commands = data.events.flatMap((e) => (e.kind === 'at-command' ? [e.command.toUpperCase()] : []));
    expect(commands).toEqual(expect.arrayContaining(['ATI', 'AT!BOOTHOLD', 'AT!IMPREF?']));
    expect(meta.counts.commands).toBe(commands.length);
    expect(meta.counts.commands).toBeGreaterThan(8);
    // the port going away after AT!BOOTHOLD is the flow's doing, not an error of the session
    expect(data.events.filter((e) => e.kind === 'error' && e.source === 'at')).toEqual([]);
    expect(meta.outcome).toBe('ok');
    r.bench.dispose();
  }, 60_000);

  it('findings arriving after the flow are current again', () => {
    const recorder = new JournalRecorder({
      store: () => JournalStore.open('flow-state-logs-2'),
      environment: () => ({ appVersion: 't', userAgent: 't', browser: null, os: null, language: 'en', timeZone: 'UTC', virtualModem: true }),
      locks: null,
    });
    const log = recorder.begin();
    log.flowState?.('update', { firmware: 'A', carrier: 'SIERRA' }, { firmware: 'B', carrier: 'GENERIC' });
    const live = recorder.current as unknown as { meta: { flowState?: { findingsBefore: boolean } } };
    expect(live.meta.flowState?.findingsBefore).toBe(false);
    log.findings([]);
    expect(live.meta.flowState?.findingsBefore).toBe(false);
    recorder.endCurrent({ connected: false });
  });
});
