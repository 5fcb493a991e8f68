import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BOOTHOLD } from './paths.ts';

/**
 * The interop tests start `boothold sim` the moment a client opens the port, and libqmi gives
 * a module 5 s to say hello. On a fresh clone tsx has compiled nothing yet, and five cold
 * starts at once on two cores can miss that window. One warm-up run of each command fills
 * tsx's cache first, so every test measures the simulator, not the compiler.
 */
export async function setup(): Promise<void> {
  const run = promisify(execFile);
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  // stdin closed at once: the simulator loads, sees the host gone, and exits.
  await quiet(run('node', [BOOTHOLD, 'sim', '--stdio', '--protocol', 'qdl'], { timeout: 60_000 }));
  // No such port: flash loads its whole graph, inspects nothing and exits with a usage error.
  await quiet(run('node', [BOOTHOLD, 'flash', '--tty', '/nonexistent/boothold-warm-up', BOOTHOLD], { timeout: 60_000 }));
}
