/**
 * `boothold flash --tty` over a PTY vs the real qmi-firmware-update through run-libqmi-peer.sh:
 * same image, same simulator (`boothold sim --stdio`), measured back to back in the same run.
 * Wall time from start to exit, both including their own start-up. Goals: Firehose ≤ 0.7; QDL
 * with the module's identity known (here `--model EM7455`: a QDL-only model skips the 5 s
 * Sahara listen libqmi always spends) ≤ 0.5; QDL with the identity unknown ≤ 1.0.
 * Needs root, libqmi-utils and socat (like the interop tests); skipped with the reason otherwise.
 *
 *   npx tsx bench/download-cli.ts [MiB]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCwe } from '../src/codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../src/codec/cwe/images.fixture.ts';
import { imageBytesOf } from '../src/session/write/write-images.fixture.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const PEER = resolve(REPO, '../shared/tools/peer/run-libqmi-peer.sh');
const BOOTHOLD = resolve(REPO, 'bin/boothold.mjs');
const mib = Number(process.argv[2] ?? 8);

function timed(cmd: string, args: string[]): Promise<{ ms: number; code: number | null; err: string }> {
  const t0 = performance.now();
  return new Promise((r) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('close', (code) => r({ ms: performance.now() - t0, code, err }));
  });
}

async function boothold(image: string, protocol: string, dir: string, extra: string[] = []) {
  const link = join(dir, `pty-${protocol}-${extra.length}`);
  const t0 = performance.now();
  const socat = spawn('socat', [`PTY,link=${link},rawer,echo=0,wait-slave`, `EXEC:node ${BOOTHOLD} sim --stdio --protocol ${protocol}`], { stdio: 'ignore' });
  while (!existsSync(link)) await new Promise((r) => setTimeout(r, 10));
  const r = await timed('node', [BOOTHOLD, 'flash', '--tty', link, '--quiet', ...extra, image]);
  const ms = performance.now() - t0;
  socat.kill();
  return { ...r, ms };
}

const why =
  !existsSync(PEER) ? `no ${PEER}` : spawnSync('bash', [PEER, '--check-deps']).status !== 0 ? 'run-libqmi-peer.sh --check-deps failed (root, libqmi-utils, socat, gcc)' : null;
if (why) {
  console.log(`download-cli bench skipped: ${why}`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'boothold-clibench-'));
  try {
    const image = join(dir, 'bench.spk');
    writeFileSync(image, buildCwe(goldenTestImageSpec({ dsp2Size: mib * 1024 * 1024 })));
    // The same image made for the EM74xx line (9X30), for the EM7455 row.
    const emImage = join(dir, 'bench-em74.spk');
    writeFileSync(emImage, imageBytesOf('other-line', mib * 1024 * 1024));
    const rows: Record<string, unknown>[] = [];
    const cases = [
      // The product check needs a model on a PTY: RC7620's profile says Sahara first, which is
      // what detection does with no hint (listen, then the QDL probe) — the "unknown" timing.
      { protocol: 'firehose', identity: 'unknown (PTY)', extra: ['--model', 'RC7620'], goal: 0.7, file: image },
      { protocol: 'qdl', identity: 'known (--model EM7455)', extra: ['--model', 'EM7455'], goal: 0.5, file: emImage },
      { protocol: 'qdl', identity: 'unknown (PTY)', extra: ['--model', 'RC7620'], goal: 1.0, file: image },
    ];
    const libqmi = new Map<string, number>();
    for (const c of cases) {
      // One libqmi run per protocol (it has no use for the identity), right before ours.
      let libMs = libqmi.get(c.protocol);
      if (libMs === undefined) {
        const lib = await timed('bash', [PEER, '--quiet', '--timeout', '300', image, '--', 'node', BOOTHOLD, 'sim', '--stdio', '--protocol', c.protocol]);
        if (lib.code !== 0) throw new Error(`libqmi run failed (${lib.code})\n${lib.err.slice(-800)}`);
        libMs = lib.ms;
        libqmi.set(c.protocol, libMs);
      }
      const ours = await boothold(c.file, c.protocol, dir, c.extra);
      if (ours.code !== 0) throw new Error(`boothold run failed (${ours.code})\n${ours.err.slice(-800)}`);
      const ratio = ours.ms / libMs;
      rows.push({ protocol: c.protocol, identity: c.identity, image: `${mib} MiB`, 'libqmi s': (libMs / 1000).toFixed(2), 'boothold s': (ours.ms / 1000).toFixed(2), 'boothold/libqmi': ratio.toFixed(2), goal: `≤ ${c.goal}`, met: ratio <= c.goal ? 'yes' : 'NO' });
    }
    console.log('CLI over a PTY vs qmi-firmware-update (run-libqmi-peer.sh), same image and simulator');
    console.table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
