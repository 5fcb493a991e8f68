/**
 * Where things are, relative to the repository root: in CI the shared folder is a sibling of
 * the clone (`<repo>/../shared`), never an absolute path.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const PEER_DIR = resolve(SHARED, 'tools/peer');
export const PEER_SCRIPT = resolve(PEER_DIR, 'run-libqmi-peer.sh');
export const GOLDEN = resolve(PEER_DIR, 'golden');
export const BOOTHOLD = resolve(REPO_ROOT, 'bin/boothold.mjs');

/** Why the real-client tests cannot run here, or null when they can. */
export function peerUnavailable(): string | null {
  if (!existsSync(PEER_SCRIPT)) return `no ${PEER_SCRIPT}`;
  try {
    execFileSync('bash', [PEER_SCRIPT, '--check-deps'], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `run-libqmi-peer.sh --check-deps failed: ${String((e as { stdout?: Buffer }).stdout ?? e)}`;
  }
}

export function socatUnavailable(): string | null {
  try {
    execFileSync('socat', ['-V'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'socat is not installed';
  }
}
