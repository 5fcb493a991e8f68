/**
 * Each family's own download device (MC7304/MC7354 9x15 QDL, EM9191 SDX55, EM9293 SDX65 and
 * WP7702 9x06 over Sahara/Firehose), reached the way a module reaches it: the profile's
 * `downloadProfile`. The SDX55 answers configure as the reply libqmi's test-firehose.c
 * decodes and reports no FLASH variables (libqmi 342eb5ad): the engine must still flash it
 * with the defaults libqmi uses.
 */
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../../session/download/engine.ts';
import { goldenImageBytes, imageFromBytes } from '../../session/download/image.fixture.ts';
import { FAST_TIMINGS } from '../../session/download/timings.ts';
import { PROFILES } from '../profiles/index.ts';
import { DOWNLOAD_PROFILES } from './device-core.ts';
import { connectDownloadDevice } from './memory.ts';

const NEW_FAMILIES = ['mc7304', 'mc7354', 'em9191', 'em9293', 'wp7702'] as const;

describe.each(NEW_FAMILIES)('%s download device', (id) => {
  const profile = PROFILES[id]!;
  const protocol = profile.downloadProtocol === 'qdl' ? 'qdl' : 'firehose';

  it(`is its own (${profile.downloadProfile}), speaks ${protocol}, and takes a whole image`, async () => {
    expect(DOWNLOAD_PROFILES[profile.downloadProfile]).toBeDefined();
    const fromDevice: Uint8Array[] = [];
    const bytes = goldenImageBytes(300_000);
    const { device, transport } = connectDownloadDevice({ protocol, profile: profile.downloadProfile, onDeviceBytes: (d) => fromDevice.push(d.slice()) });
    const result = await new DownloadEngine({ transport, images: [imageFromBytes(bytes)], timings: FAST_TIMINGS }).run();
    expect(result.protocol).toBe(protocol);
    expect(device.flash.images).toHaveLength(1);
    expect(device.flash.images[0]).toMatchObject({ complete: true, writtenSize: bytes.length });
    expect(device.flash.bootOutcome().mode).toBe('application');
    const text = new TextDecoder('latin1').decode(Buffer.concat(fromDevice));
    if (protocol === 'firehose') expect(text).toContain(`TargetName="${DOWNLOAD_PROFILES[profile.downloadProfile]!.targetName}"`);
  });
});

describe('SDX55 answers (EM9191)', () => {
  it('configure NAK as libqmi test-firehose.c decodes it, and getStorageInfo without FLASH variables', async () => {
    const fromDevice: Uint8Array[] = [];
    const { transport } = connectDownloadDevice({ protocol: 'firehose', profile: 'em9191', onDeviceBytes: (d) => fromDevice.push(d.slice()) });
    const result = await new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS }).run();
    expect(result.images).toHaveLength(1);
    const text = new TextDecoder('latin1').decode(Buffer.concat(fromDevice));
    expect(text).toMatch(/<response value="NAK" MemoryName="NAND" MaxPayloadSizeFromTargetInBytes="2048" MaxPayloadSizeToTargetInBytes="8192" MaxPayloadSizeToTargetInBytesSupported="8192" TargetName="9x55"/);
    expect(text).not.toContain('sector_size_in_bytes');
    expect(text).not.toContain('pages_in_block');
  });
});
