/**
 * Which download protocol the module speaks, and where in it the module is.
 *
 * Known identity first: when the USB identity (or the model the user named) belongs only to
 * QDL modules (EM/MC73xx–74xx, e.g. 1199:9070), the 5 s Sahara listen is skipped and the QDL
 * probe goes out at once. Otherwise libqmi's order (qfu-updater.c): listen, sending nothing,
 * for the Sahara hello; if none comes, the QDL probe (DLOAD→SDP, hello v4…v6), byte for byte
 * as libqmi sends it.
 *
 * Where libqmi gives up ("unsupported download protocol"), we look at what the module said to
 * the probe, as bkerler/edl's and commaai/qdl.js's `connect()` look at their first read:
 *   - an HDLC frame                → QDL (libqmi's path);
 *   - `<?xml`                      → a programmer already running (a reload, an earlier run
 *                                    consumed the hello): straight to the Firehose set-up;
 *   - a Sahara packet              → a module whose hello we missed: answer it (hello again,
 *                                    command mode, END_IMAGE_TRANSFER), bounded (sahara-channel.ts);
 *   - nothing                      → one Firehose `<nop/>` probe (edl and qdl.js send `<nop />`
 *                                    when the first read is empty), then a named result:
 *                                    power-cycle the module (or hold TP1) and retry. edl and
 *                                    qdl.js end the same way ("Device is in Sahara error state,
 *                                    please reboot the device"); their last nandprg HDLC probe
 *                                    is not sent, our DLOAD SDP already asked the HDLC question.
 * A hello arriving late (at 6 s, during the QDL probe) is still Sahara, by the same rule; an
 * HDLC frame arriving late (a QDL module still starting) answers the Firehose probe: one HDLC
 * flag ends the probe's bytes in the module, and the QDL probe starts over.
 * A Qualcomm emergency-mode device is recognised from its USB identity and never spoken to.
 */
import { encodeNop } from '../../codec/firehose/xml.ts';
import type { SaharaPacket } from '../../codec/sahara/messages.ts';
import { findProfile, profilesForUsb } from '../../knowledge/profiles/models.ts';
import type { UsbIdentity } from '../../transport/transport.ts';
import { describeSpeech, sniff, type Sniffed } from './classify.ts';
import { DownloadError } from './errors.ts';
import { FirehoseChannel } from './firehose-channel.ts';
import { SaharaChannel } from './sahara-channel.ts';
import { identify, isEmergencyMode, type DeviceIdentity } from './identity.ts';
import { QdlChannel, finishQdlProbe, sendDloadSdp } from './qdl-session.ts';
import type { ProtocolTrace } from './protocol-trace.ts';
import type { DownloadTimings } from './timings.ts';
import type { Wire } from './wire.ts';

export type Detection =
  | { readonly protocol: 'firehose'; readonly identity: DeviceIdentity; readonly entry: 'sahara'; readonly first: SaharaPacket; readonly sahara: SaharaChannel }
  | { readonly protocol: 'firehose'; readonly identity: DeviceIdentity; readonly entry: 'firehose'; readonly firehose: FirehoseChannel }
  | { readonly protocol: 'qdl'; readonly identity: DeviceIdentity; readonly version: number; readonly qdl: QdlChannel };

export interface ProtocolHint {
  readonly protocol: 'firehose' | 'qdl';
  /** Where the hint comes from, for the log ("USB 1199:9070", "model EM7455"). */
  readonly source: string;
}

/**
 * The protocol a USB identity or a model name implies, from the profile table; null when
 * unknown or ambiguous (1199:68C0 is both an RC76xx, Firehose, and an MC73xx, QDL).
 */
export function protocolHint(usb: UsbIdentity | null | undefined, model?: string | null): ProtocolHint | null {
  const profile = findProfile(model);
  if (profile) return { protocol: profile.downloadProtocol === 'qdl' ? 'qdl' : 'firehose', source: `model ${profile.model}` };
  if (!usb) return null;
  const matches = profilesForUsb(usb.vendorId, usb.productId);
  const kinds = new Set(matches.map((p) => p.downloadProtocol));
  if (kinds.size !== 1) return null;
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return { protocol: kinds.has('qdl') ? 'qdl' : 'firehose', source: `USB ${hex(usb.vendorId)}:${hex(usb.productId)}` };
}

export interface DetectOptions {
  /** The user said which protocol (`--protocol`): the other one is never probed. */
  readonly only?: 'firehose' | 'qdl';
  /** The model the user is flashing (`--model`, the guided flow's modem). */
  readonly model?: string;
}

export async function detectProtocol(wire: Wire, log: ProtocolTrace, t: DownloadTimings, options: DetectOptions = {}): Promise<Detection> {
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
  const { only } = options;
  const hint = only ? null : protocolHint(info.usb, options.model);
  if (hint) log.add('info', `${hint.source} is a ${hint.protocol === 'qdl' ? 'QDL' : 'Sahara/Firehose'} module`);
  else if (options.model && !only && !findProfile(options.model)) log.add('info', `model ${options.model} is not in the profile table: detecting`);

  const sahara = new SaharaChannel(wire, log);
  const qdl = new QdlChannel(wire, log);
  const asFirehose = async (bytes: Uint8Array, why: string): Promise<Detection> => {
    log.add('info', `the module is already in Firehose (${why}): no Sahara, straight to the set-up`);
    const fh = new FirehoseChannel(wire, log, bytes);
    await fh.discard(why);
    return { protocol: 'firehose', identity, entry: 'firehose', firehose: fh };
  };
  const asSahara = async (bytes: Uint8Array, why: string): Promise<Detection> => {
    sahara.feed(bytes);
    const first = await sahara.packet(t.saharaStepMs, 'packet');
    if (!first) throw wire.fail('bad-reply', `The module's Sahara packet (${why}) never completed.`);
    if (why !== 'listen') log.add('info', `Sahara answered ${why}: the module's hello was missed; answering it now`);
    return { protocol: 'firehose', identity, entry: 'sahara', first, sahara };
  };
  /** What answered, if it says which protocol; null for nothing or noise (logged). */
  const classify = async (s: Sniffed, why: string): Promise<Detection | null> => {
    log.add('info', `${why}: ${describeSpeech(s.speech)}`);
    if (s.speech === 'firehose') return asFirehose(s.bytes, why);
    if (s.speech === 'sahara') return asSahara(s.bytes, why);
    if (s.speech === 'noise') log.add('d2h', `ignored ${s.bytes.length} byte(s) of noise`);
    return null;
  };

  // 1. Listen (send nothing): the Sahara hello, unless the identity says QDL.
  if (only !== 'qdl' && hint?.protocol !== 'qdl') {
    wire.at('detect', 'Sahara hello');
    log.add('info', `listening for a Sahara hello (${t.saharaListenMs / 1000} s)`);
    const heard = await sniff(wire, performance.now() + t.saharaListenMs);
    if (heard.speech === 'hdlc') {
      // QDL modules speak only when spoken to; an unasked frame is stale. Leave it for the
      // QDL channel, whose stale check names it.
      qdl.feed(heard.bytes);
    } else {
      const d = await classify(heard, 'listen');
      if (d) return d;
    }
    if (heard.speech === 'nothing') log.add('info', only === 'firehose' ? 'no Sahara hello' : 'no Sahara hello; trying QDL');
  }

  // 2. The QDL probe, unchanged from libqmi.
  if (only !== 'firehose') {
    await sendDloadSdp(qdl);
    // A module known to be QDL gets the listen time libqmi would have spent in silence to
    // answer (one that has just enumerated may take a moment); the bytes sent do not change.
    const wait = hint?.protocol === 'qdl' ? Math.max(t.qdlControlMs, t.saharaListenMs) : t.qdlControlMs;
    const answer = await sniff(wire, performance.now() + wait);
    if (answer.speech === 'hdlc') {
      qdl.feed(answer.bytes);
      const version = await finishQdlProbe(qdl, t);
      log.add('info', `QDL version ${version}`);
      return { protocol: 'qdl', identity, version, qdl };
    }
    const d = await classify(answer, 'the QDL probe');
    if (d) return d;
    // The user said QDL: nothing else to try. (A module whose identity only suggests QDL still
    // gets the Firehose probe: a Sahara module waiting for a full 8-byte packet answers it.)
    if (only === 'qdl') {
      throw wire.fail('no-download-protocol', `The module did not answer the QDL probe (DLOAD SDP) within ${wait / 1000} s.`);
    }
  }

  // 3. One Firehose probe: a programmer waits silently to be spoken to.
  wire.at('detect', 'Firehose probe');
  log.add('h2d', '<nop /> (is a Firehose programmer running?)');
  await wire.write(encodeNop());
  const nop = await sniff(wire, performance.now() + t.firehoseProbeMs);
  if (nop.speech === 'hdlc' && only !== 'firehose') {
    // A QDL module that answered the QDL probe late (still starting up): what came is its
    // answer to DLOAD SDP. The probe's XML bytes sit in its frame buffer; one HDLC flag ends
    // them as a (rejected) frame, and the QDL probe starts over, as libqmi would send it.
    log.add('info', 'an HDLC frame answered the Firehose probe: a late answer to the QDL probe; starting the QDL probe over');
    wire.at('detect', 'QDL probe again');
    log.add('h2d', 'HDLC flag (ends the probe bytes as a frame)');
    await wire.write(Uint8Array.of(0x7e));
    const quietUntil = performance.now() + t.qdlControlMs;
    while (await wire.read(quietUntil)) {
      // discarded: the late answers and the module's complaint about the probe bytes
    }
    const again = new QdlChannel(wire, log);
    await sendDloadSdp(again);
    const answer = await sniff(wire, performance.now() + Math.max(t.qdlControlMs, t.saharaListenMs));
    if (answer.speech === 'hdlc') {
      again.feed(answer.bytes);
      const version = await finishQdlProbe(again, t);
      log.add('info', `QDL version ${version}`);
      return { protocol: 'qdl', identity, version, qdl: again };
    }
    throw wire.fail('no-download-protocol', 'The module answered HDLC once, late, and not the QDL probe sent again (unsupported download protocol).');
  }
  if (nop.speech === 'hdlc') {
    log.add('d2h', 'an HDLC frame answered the Firehose probe');
    throw wire.fail('no-download-protocol', 'The module answered HDLC to a Firehose probe (unsupported download protocol).');
  }
  const d = await classify(nop, 'the Firehose probe');
  if (d) return d;
  throw wire.fail(
    'silent-module',
    only === 'firehose'
      ? 'No Sahara hello, and no answer to a Firehose probe: the module waits for an answer to a hello it sent earlier.'
      : 'The module answered neither the Sahara listen, nor the QDL probe, nor a Firehose probe: its hello was missed.',
  );
}
