/**
 * Which download protocol the module speaks, found as libqmi finds it: listen (send nothing)
 * for a Sahara hello; only if none comes, try QDL (DLOAD→SDP, hello probe). A Qualcomm
 * emergency-mode device is recognised from its USB identity and never spoken to.
 */
import type { SaharaPacket } from '../../codec/sahara/messages.ts';
import { DownloadError } from './errors.ts';
import { SaharaChannel } from './firehose-session.ts';
import { identify, isEmergencyMode, type DeviceIdentity } from './identity.ts';
import { QdlChannel, probeQdl } from './qdl-session.ts';
import type { SessionLog } from './session-log.ts';
import type { DownloadTimings } from './timings.ts';
import type { Wire } from './wire.ts';

export type Detection =
  | { readonly protocol: 'firehose'; readonly identity: DeviceIdentity; readonly hello: Extract<SaharaPacket, { kind: 'hello' }>; readonly sahara: SaharaChannel }
  | { readonly protocol: 'qdl'; readonly identity: DeviceIdentity; readonly version: number; readonly qdl: QdlChannel };

export async function detectProtocol(
  wire: Wire,
  log: SessionLog,
  t: DownloadTimings,
  only?: 'firehose' | 'qdl',
): Promise<Detection> {
  const info = wire.transport.info;
  const identity = identify(info.usb, info.label);
  log.add('info', `device ${identity.label}${identity.knownAs ? ` (${identity.knownAs})` : ''} via ${info.kind}`);
  if (isEmergencyMode(info.usb)) {
    throw new DownloadError(
      'emergency-mode',
      'This module is in Qualcomm emergency download mode (05C6:9008), not in Sierra download mode.',
      { phase: 'detect', step: 'identity' },
    );
  }

  if (only !== 'qdl') {
    wire.at('detect', 'Sahara hello');
    const sahara = new SaharaChannel(wire, log);
    log.add('info', `listening for a Sahara hello (${t.saharaListenMs / 1000} s)`);
    const p = await sahara.packet(t.saharaListenMs, 'hello');
    if (p) {
      if (p.kind !== 'hello') {
        throw wire.fail('bad-reply', `The module sent Sahara ${p.kind} where a hello was expected.`);
      }
      return { protocol: 'firehose', identity, hello: p, sahara };
    }
    if (only === 'firehose') throw wire.fail('no-download-protocol', `No Sahara hello within ${t.saharaListenMs / 1000} s.`);
    log.add('info', 'no Sahara hello; trying QDL');
  }

  const qdl = new QdlChannel(wire, log);
  const version = await probeQdl(qdl, t);
  if (version === null) {
    throw wire.fail('no-download-protocol', 'The module answered neither Sahara nor QDL (unsupported download protocol).');
  }
  log.add('info', `QDL version ${version}`);
  return { protocol: 'qdl', identity, version, qdl };
}
