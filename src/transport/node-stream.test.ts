import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../session/download/engine.ts';
import { goldenImageBytes, imageFromBytes } from '../session/download/image.fixture.ts';
import { FAST_TIMINGS } from '../session/download/timings.ts';
import { createDownloadDevice } from '../sim/download/index.ts';
import { NodeStreamTransport, mapNodeError } from './node-stream.ts';

function pipePair(protocol: 'firehose' | 'qdl', faults = '') {
  const toDevice = new PassThrough();
  const toHost = new PassThrough({ highWaterMark: 1024 });
  const device = createDownloadDevice({ protocol, faults, onUnplug: () => setTimeout(() => toHost.end(), 0) });
  device.open({ send: (d) => void toHost.write(d) });
  toDevice.on('data', (d: Buffer) => device.receive(new Uint8Array(d)));
  const transport = new NodeStreamTransport({ kind: 'node-stdio', label: 'pipe' }, toHost, toDevice);
  return { device, transport };
}

describe('Node stream transport', () => {
  it.each(['firehose', 'qdl'] as const)('%s: a full session over Node streams, end of stream = module gone', async (protocol) => {
    const { device, transport } = pipePair(protocol);
    const r = await new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes(300_000))], timings: FAST_TIMINGS }).run();
    expect(r.reset).toBe('gone');
    expect(device.flash.images[0]?.complete).toBe(true);
    expect(transport.state).toBe('lost');
  });

  it('maps errno to transport codes', () => {
    const e = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(mapNodeError(e('EACCES'), 'open').code).toBe('permission-denied');
    expect(mapNodeError(e('EBUSY'), 'open').code).toBe('port-busy');
    expect(mapNodeError(e('EIO'), 'read').code).toBe('device-lost');
    expect(mapNodeError(new Error('Error Resource temporarily unavailable Cannot lock port'), 'open').code).toBe('port-busy');
    expect(mapNodeError(e('ENOENT'), 'open')).toMatchObject({ code: 'io', message: 'No such port.' });
  });
});
