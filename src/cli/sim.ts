/**
 * `boothold sim --stdio --protocol firehose|qdl [--profile rc7620] [--fault SPEC] [--seed N]
 *  [--report FILE] [--verbose]`
 *
 * The virtual modem in download mode on stdin/stdout: raw download-protocol bytes, so it can
 * sit behind a pseudo-terminal (socat) in front of the real qmi-firmware-update or of
 * `boothold flash --tty`. It exits when the module leaves the bus (reset, unplug or power-loss
 * fault) or when stdin closes. `--report FILE` writes what the virtual flash holds as JSON.
 *
 * `--at [--scenario ID]` puts the colleague-built virtual module (src/sim) on stdin/stdout at its
 * AT port instead.
 *
 * Exit codes: 0 ran (whatever the session outcome), 2 usage error.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DOWNLOAD_PROFILES,
  FaultSpecError,
  createDownloadDevice,
  parseFaults,
  type CwePart,
  type DownloadDevice,
  type FlashImage,
  type VirtualFlash,
} from '../sim/download/index.ts';
import { oneLine } from './terminal.ts';

const HELP = `Usage: boothold sim --stdio --protocol firehose|qdl [options]

Runs the virtual modem in download mode, speaking raw bytes on stdin/stdout.

Options:
  --stdio               required: use stdin/stdout as the module's download port
  --protocol P          firehose (Sahara + Firehose, default) or qdl (Sierra QDL/SSDP)
  --profile NAME        module profile: ${Object.keys(DOWNLOAD_PROFILES).join(', ')} (default rc7620)
  --fault SPEC          fault plan, e.g. nak@chunk:1, silence@open, unplug-after:5000,
                        garbage@ping, duplicate@chunk:0, bad-crc@close (QDL), slow:100000,
                        power-loss-after:100000 (see src/sim/download/faults.ts)
  --seed N              seed for garbage bytes (default 1)
  --report FILE         write the virtual flash contents as JSON when the module goes away
  --verbose             log each protocol step on stderr
  --at                  the whole virtual module on its AT port instead (boots, answers AT
                        commands, follows the AT port across resets)
  --scenario ID         with --at: the module's starting state (default healthy)
  --profile NAME        with --at: the module family's default scenario (rc7620, em7455,
                        em7565, wp7607, mc7304, em9191, em9293, wp7702)
  --from TRANSCRIPT     with --at: replay a customer's modem from an AT transcript or an
                        exported session (JSON): recorded commands get the recorded answers,
                        everything else is simulated like the matching family
`;

const BACKLOG_LIMIT = 64 * 1024;

export interface SimReport {
  readonly protocol: 'firehose' | 'qdl';
  readonly profile: string;
  readonly faults: string;
  readonly endedBy: string;
  readonly hostBytes: number;
  readonly boot: ReturnType<VirtualFlash['bootOutcome']> extends infer B ? (B extends { images: unknown } ? Omit<B, 'images'> : B) : never;
  readonly images: ReadonlyArray<{
    readonly complete: boolean;
    readonly interruption?: string;
    readonly expectedSize: number;
    readonly writtenSize: number;
    readonly crc32: string;
    readonly sha256: string | null;
    readonly parts: CwePart | null;
  }>;
}

export function flashReport(flash: VirtualFlash): SimReport['images'] {
  return flash.images.map((i: FlashImage) => {
    const b = i.bytes();
    return {
      complete: i.complete,
      ...(i.interruption ? { interruption: i.interruption } : {}),
      expectedSize: i.expectedSize,
      writtenSize: i.writtenSize,
      crc32: i.crc32.toString(16).padStart(8, '0'),
      sha256: b ? createHash('sha256').update(b).digest('hex') : null,
      parts: i.parts,
    };
  });
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        stdio: { type: 'boolean' },
        protocol: { type: 'string', default: 'firehose' },
        profile: { type: 'string', default: 'rc7620' },
        fault: { type: 'string', multiple: true },
        seed: { type: 'string', default: '1' },
        report: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        at: { type: 'boolean' },
        scenario: { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`boothold sim: ${oneLine((e as Error).message)}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!args.stdio) {
    process.stderr.write(`boothold sim: --stdio is required\n\n${HELP}`);
    return 2;
  }
  if (args.at) {
    const profileGiven = argv.some((a) => a === '--profile' || a.startsWith('--profile='));
    return runAt({ scenario: args.scenario, profile: profileGiven ? args.profile : undefined, from: args.from, seed: Number(args.seed), verbose: args.verbose ?? false });
  }
  const protocol = args.protocol;
  if (protocol !== 'firehose' && protocol !== 'qdl') {
    process.stderr.write(`boothold sim: --protocol must be firehose or qdl, not '${protocol}'\n`);
    return 2;
  }
  const faultText = (args.fault ?? []).join(',');
  const seed = Number(args.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`boothold sim: --seed must be an integer\n`);
    return 2;
  }
  const verbose = args.verbose ?? false;
  const log = (line: string) => process.stderr.write(`sim: ${oneLine(line)}\n`);

  let ended: ((why: string) => void) | null = null;
  const endedBy = new Promise<string>((r) => (ended = r));
  let device: DownloadDevice | undefined;
  try {
    parseFaults(faultText);
    device = createDownloadDevice({
      protocol,
      faults: faultText,
      seed,
      profile: args.profile,
      ...(verbose ? { log } : {}),
      onReset: (_flash, cause) => log(`${cause === 'reset' ? 'reset by host' : 'power lost'}; next boot: ${device?.flash.bootOutcome().mode}`),
      onUnplug: (reason) => ended?.(reason),
    });
  } catch (e) {
    if (e instanceof FaultSpecError || e instanceof RangeError) {
      process.stderr.write(`boothold sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!device) return 2;
  const dev = device;
  log(`download mode, ${protocol}, profile ${device.profile.name}${faultText ? `, faults ${faultText}` : ''}`);

  const out = process.stdout;
  device.open({ send: (d) => void out.write(d) });
  // Back-pressure for the slow-link fault: stop reading while the link is behind, so the host
  // (and its progress bar) feels the configured speed, as with a real USB pipe.
  let backpressure: ReturnType<typeof setInterval> | null = null;
  process.stdin.on('data', (d: Buffer) => {
    dev.receive(new Uint8Array(d.buffer, d.byteOffset, d.length));
    if (dev.inboundBacklog > BACKLOG_LIMIT && !backpressure) {
      process.stdin.pause();
      backpressure = setInterval(() => {
        if (dev.inboundBacklog <= BACKLOG_LIMIT / 2 || dev.disconnected) {
          clearInterval(backpressure!);
          backpressure = null;
          process.stdin.resume();
        }
      }, 5);
    }
  });
  process.stdin.on('end', () => ended?.('host closed the port'));
  // socat passes its SIGTERM on when the host side hangs up; under load that can come before
  // stdin's end is read. The module is gone either way, and the report must still be written.
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.once(signal, () => ended?.(`${signal} received`));
  process.stdin.on('error', () => ended?.('host port error'));
  out.on('error', () => ended?.('host port error'));

  const why = await endedBy;
  if (backpressure) clearInterval(backpressure);
  log(`module gone: ${why}`);
  device.close();
  process.stdin.pause();
  process.stdin.destroy();
  if (args.report) {
    const boot = device.flash.bootOutcome();
    const report: SimReport = {
      protocol,
      profile: device.profile.name,
      faults: faultText,
      endedBy: why,
      hostBytes: device.hostBytes,
      boot: boot.mode === 'application' ? { mode: boot.mode, firmware: boot.firmware } : boot,
      images: flashReport(device.flash),
    };
    writeFileSync(args.report, JSON.stringify(report, null, 2));
  }
  // Let the last answer leave before the port closes (the host reads it, then sees the hangup).
  await new Promise<void>((r) => (out.writableNeedDrain ? out.once('drain', () => r()) : r()));
  await new Promise((r) => setTimeout(r, 50));
  return 0;
}

interface AtRun {
  readonly scenario: string | undefined;
  readonly profile: string | undefined;
  readonly from: string | undefined;
  readonly seed: number;
  readonly verbose: boolean;
}

/** The whole virtual module on its AT port (the AT personality lives in src/sim). */
async function runAt(o: AtRun): Promise<number> {
  const { createAtEndpoint, isScenarioId, SCENARIO_IDS, scenarioForProfile } = await import('../sim/index.ts');
  if ([o.scenario, o.profile, o.from].filter((x) => x !== undefined).length > 1) {
    process.stderr.write('boothold sim: --scenario, --profile and --from each choose the module: give one\n');
    return 2;
  }
  let scenarioId = o.scenario;
  if (o.profile !== undefined) {
    const id = scenarioForProfile(o.profile);
    if (!id) {
      process.stderr.write(`boothold sim: unknown profile '${o.profile}'\n`);
      return 2;
    }
    scenarioId = id;
  }
  if (scenarioId !== undefined && !isScenarioId(scenarioId)) {
    process.stderr.write(`boothold sim: unknown scenario '${scenarioId}'. Known: ${SCENARIO_IDS.join(', ')}\n`);
    return 2;
  }
  let replay: import('../sim/replay/index.ts').ReplayScenario | undefined;
  if (o.from !== undefined) {
    const { readFileSync } = await import('node:fs');
    const { replayFromText } = await import('../sim/replay/index.ts');
    let text: string;
    try {
      text = readFileSync(o.from, 'utf8');
    } catch (e) {
      process.stderr.write(`boothold sim: cannot read ${o.from}: ${(e as Error).message}\n`);
      return 2;
    }
    replay = replayFromText(text);
    process.stderr.write(`sim: replaying ${replay.summary.model} (${replay.summary.firmware ?? 'firmware not shown'}): ${replay.summary.recordedCommands} recorded answers, the rest simulated as ${replay.summary.profileId}\n`);
  }
  const sim = createAtEndpoint({
    ...(scenarioId ? { scenario: scenarioId as import('../sim/index.ts').ScenarioId } : {}),
    ...(replay ? { replay } : {}),
    ...(Number.isInteger(o.seed) ? { seed: o.seed } : {}),
    ...(o.verbose ? { log: (line: string) => process.stderr.write(`sim: ${line}\n`) } : {}),
  });
  // a host driving the PTY can wait for this line instead of guessing the boot time
  void sim.ready.then(() => process.stderr.write('sim: AT ready\n'));
  const out = process.stdout;
  sim.endpoint.open({ send: (d) => void out.write(d) });
  process.stdin.on('data', (d: Buffer) => sim.endpoint.receive(new Uint8Array(d.buffer, d.byteOffset, d.length)));
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('error', resolve);
    out.once('error', resolve);
  });
  sim.endpoint.close();
  sim.dispose();
  process.stdin.destroy();
  return 0;
}
