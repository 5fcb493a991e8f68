/**
 * Where things are, relative to the repository root: in CI the shared folder is a sibling of
 * the clone (`<repo>/../shared`), never an absolute path.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { requireOnCi } from './require-tools.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const PEER_DIR = resolve(SHARED, 'tools/peer');
export const PEER_SCRIPT = resolve(PEER_DIR, 'run-libqmi-peer.sh');
export const GOLDEN = resolve(PEER_DIR, 'golden');
export const BOOTHOLD = resolve(REPO_ROOT, 'bin/boothold.mjs');

/** Why the real-client tests cannot run here, or null when they can (on CI: throws instead). */
export function peerUnavailable(): string | null {
  return requireOnCi('libqmi peer', peerProblem());
}

function peerProblem(): string | null {
  if (!existsSync(PEER_SCRIPT)) return `no ${PEER_SCRIPT}`;
  try {
    execFileSync('bash', [PEER_SCRIPT, '--check-deps'], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `run-libqmi-peer.sh --check-deps failed: ${String((e as { stdout?: Buffer }).stdout ?? e)}`;
  }
}

/** Why socat cannot be used here, or null (on CI: throws instead). */
export function socatUnavailable(): string | null {
  let problem: string | null = null;
  try {
    execFileSync('socat', ['-V'], { stdio: 'pipe' });
  } catch {
    problem = 'socat is not installed';
  }
  return requireOnCi('socat PTY', problem);
}

/** Why the libqmi golden traces cannot be compared here, or null (on CI: throws instead). */
export function goldenUnavailable(): string | null {
  return requireOnCi('libqmi golden traces', existsSync(GOLDEN) ? null : `no ${GOLDEN}`);
}
