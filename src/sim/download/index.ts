/**
 * The virtual modem in download (boot-and-hold) mode, as one DeviceEndpoint per protocol.
 *
 *   const device = createDownloadDevice({ protocol: 'firehose', faults: 'nak@chunk:3', seed: 1,
 *     onReset: (flash, cause) => …, onUnplug: (reason) => transport.lose(reason) });
 *   device.open(link); device.receive(hostBytes); …
 *
 * The carrier (in-memory transport, fake WebUSB/WebSerial, stdio) passes host bytes to
 * `receive`, delivers what the device sends through `link.send`, and drops the link when
 * `onUnplug` fires (reset, unplug fault, power loss). `onReset` fires first on a reset or
 * power loss with the flash, whose `bootOutcome()` says what the module boots next.
 */
import type { DeviceEndpoint } from '../../transport/device-endpoint.ts';
import { RealClock, type Clock } from '../clock.ts';
import { DOWNLOAD_PROFILES, type DownloadProfile, type ResetCause } from './device-core.ts';
import { SAHARA_ONLY_FAULTS, parseFaults, type Fault } from './faults.ts';
import { FirehoseDevice } from './firehose-device.ts';
import { VirtualFlash } from './flash.ts';
import { QdlDevice } from './qdl-device.ts';

export type DownloadProtocol = 'firehose' | 'qdl';

export interface DownloadDeviceOptions {
  readonly protocol: DownloadProtocol;
  /** A fault plan: text as for `boothold sim --fault`, or parsed faults. */
  readonly faults?: string | readonly Fault[];
  readonly seed?: number;
  /** Profile name (rc7620, em7565, …) or a full profile. Default rc7620. */
  readonly profile?: string | DownloadProfile;
  /** The flash to write into (keep one across reboots); a new one by default. */
  readonly flash?: VirtualFlash;
  readonly clock?: Clock;
  readonly onReset?: (flash: VirtualFlash, cause: ResetCause) => void;
  readonly onUnplug?: (reason: string) => void;
  readonly log?: (line: string) => void;
}

export interface DownloadDevice extends DeviceEndpoint {
  readonly protocol: DownloadProtocol;
  readonly flash: VirtualFlash;
  readonly profile: DownloadProfile;
  /** True once the module left the bus (reset, unplug, power loss). */
  readonly disconnected: boolean;
  /** Host → device bytes received so far. */
  readonly hostBytes: number;
  /** Bytes a slow link has not taken yet (pause the host side while this is large). */
  readonly inboundBacklog: number;
}

export function resolveProfile(p: string | DownloadProfile | undefined): DownloadProfile {
  if (p === undefined) return DOWNLOAD_PROFILES['rc7620']!;
  if (typeof p !== 'string') return p;
  const found = DOWNLOAD_PROFILES[p.toLowerCase()];
  if (!found) throw new RangeError(`Unknown profile '${p}'. Known: ${Object.keys(DOWNLOAD_PROFILES).join(', ')}.`);
  return found;
}

export function createDownloadDevice(options: DownloadDeviceOptions): DownloadDevice {
  const faults = typeof options.faults === 'string' ? parseFaults(options.faults) : [...(options.faults ?? [])];
  if (options.protocol === 'firehose' && faults.some((f) => f.kind === 'bad-crc')) {
    throw new RangeError('bad-crc applies to QDL only: Sahara and Firehose messages carry no CRC.');
  }
  if (options.protocol === 'firehose' && faults.some((f) => f.kind === 'wrong-seq' || f.kind === 'sdp' || f.kind === 'qdl-version' || f.kind === 'short-qdl-hello')) {
    throw new RangeError('wrong-seq, sdp, qdl-version and short-qdl-hello apply to QDL only.');
  }
  if (options.protocol === 'qdl' && faults.some((f) => (SAHARA_ONLY_FAULTS as readonly string[]).includes(f.kind) || f.kind === 'already-firehose' || f.kind === 'chatty')) {
    throw new RangeError(`${SAHARA_ONLY_FAULTS.join(', ')}, already-firehose and chatty apply to Sahara/Firehose only.`);
  }
  const profile = resolveProfile(options.profile);
  const flash = options.flash ?? new VirtualFlash();
  const core = {
    faults,
    seed: options.seed ?? 1,
    clock: options.clock ?? new RealClock(),
    flash,
    profile,
    ...(options.onReset ? { onReset: options.onReset } : {}),
    ...(options.onUnplug ? { onUnplug: options.onUnplug } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const device = options.protocol === 'qdl' ? new QdlDevice(core) : new FirehoseDevice(core);
  return Object.assign(device, { protocol: options.protocol, profile }) as unknown as DownloadDevice;
}

export { VirtualFlash, cweParts, cweHeaderPart, crc32, cweFileSize, type FlashImage, type BootOutcome, type CwePart } from './flash.ts';
export { parseFaults, formatFault, FaultSpecError, QDL_PHASES, FIREHOSE_PHASES, type Fault, type DevicePhase } from './faults.ts';
export { VirtualClock, RealClock, type Clock } from '../clock.ts';
export { DOWNLOAD_PROFILES, type DownloadProfile, type ResetCause } from './device-core.ts';
