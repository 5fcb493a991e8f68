import { describe, expect, it } from 'vitest';
import { Emitter } from '../../core/emitter.ts';
import type { DownloadEvents } from '../download/engine.ts';
import { DownloadError } from '../download/errors.ts';
import { ProtocolTrace } from '../download/protocol-trace.ts';
import { recordDownload } from './download-recorder.ts';
import { memoryJournal } from '../write/memory-journal.fixture.ts';

describe('download recorder', () => {
  it('logs phases, the engine message log, throttled progress and the typed failure', () => {
    const engine = { events: new Emitter<DownloadEvents>(), log: new ProtocolTrace() };
    const log = memoryJournal();
    let t = 0;
    recordDownload(log, engine, { flow: 'update', now: () => t });
    engine.events.emit('phase', { phase: 'write', step: 'R9.spk' });
    engine.log.add('h2d', 'firehose <program …>');
    const part = { index: 1, count: 1, name: 'R9.spk' };
    for (let i = 0; i <= 10; i++) {
      t = i * 300;
      engine.events.emit('progress', { phase: 'write', protocol: 'firehose', part, bytesDone: i * 100, bytesTotal: 1000, mbps: 1, etaSeconds: 1 });
    }
    engine.events.emit('failed', new DownloadError('timeout', 'No answer to <program>.', { phase: 'write', step: 'chunk 3', writeStarted: true }));
    const progress = log.bodies.filter((b) => b.kind === 'progress').map((b) => (b.kind === 'progress' ? b.bytesDone : 0));
    expect(progress).toEqual([0, 400, 800, 1000]);
    expect(log.bodies[0]).toEqual({ kind: 'flow-step', flow: 'update', step: 'write', status: 'started', detail: 'R9.spk' });
    expect(log.bodies[1]).toEqual({ kind: 'protocol', dir: 'h2d', text: 'firehose <program …>' });
    expect(log.bodies.find((b) => b.kind === 'error')).toEqual({ kind: 'error', source: 'update', code: 'timeout', message: 'No answer to <program>.', detail: 'write · chunk 3' });
    expect(log.bodies.at(-1)).toEqual({ kind: 'result', outcome: 'failed', code: 'timeout', message: 'No answer to <program>.' });
  });
});
