/**
 * Debian's lrzsz (`sx`, `rx`) on one side of a pseudo-terminal made by socat, Boothold's XMODEM
 * driver on the other, and between them an optional throttle that paces each direction at a
 * baud rate (8N1: ten bit times a byte), so the PTY behaves like a UART of that speed. Shared by
 * the interop test and the UART bench (which compares Boothold's sender with `sx -k` on the
 * same link).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { XmodemLink } from '../../../src/session/uart/xmodem-send.ts';

function pacer(baud: number | null) {
  let free = 0;
  return (len: number): number => {
    const now = performance.now();
    if (!baud) return 0;
    const start = Math.max(now, free);
    free = start + (len * 10 * 1000) / baud;
    return free - now;
  };
}

export interface LrzszRun<T> {
  readonly result: T;
  readonly exitCode: number | null;
  readonly stderr: string;
}

/**
 * `body` gets the link and a signal that fires 2 s after the tool exited: `rx` writes its last
 * ACK and exits at once, and Linux may drop the bytes a PTY slave wrote just before it closed,
 * so the sender might otherwise wait out its EOT retries for an ACK that was sent.
 */
export async function withLrzsz<T>(dir: string, argv: readonly string[], baud: number | null, body: (link: XmodemLink, toolGone: AbortSignal) => Promise<T>): Promise<LrzszRun<T>> {
  const pty = join(dir, `pty-${Math.random().toString(36).slice(2)}`);
  const socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0,wait-slave`, 'STDIO'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let tool: ChildProcess | null = null;
  let fd = -1;
  try {
    for (let i = 0; i < 500 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 10));
    fd = openSync(pty, 'r+');
    let stderr = '';
    tool = spawn(argv[0]!, argv.slice(1), { cwd: dir, stdio: [fd, fd, 'pipe'] });
    tool.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => tool!.on('exit', (c) => r(c)));
    const gone = new AbortController();
    void exited.then(() => setTimeout(() => gone.abort(), 2_000));

    const toTool = pacer(baud);
    const fromTool = pacer(baud);
    const queue: Uint8Array[] = [];
    let waiter: ((b: Uint8Array | null) => void) | null = null;
    socat.stdout!.on('data', (d: Buffer) => {
      const bytes = new Uint8Array(d);
      const deliver = () => {
        if (waiter) waiter(bytes);
        else queue.push(bytes);
      };
      const delay = fromTool(bytes.length);
      if (delay > 0.5) setTimeout(deliver, delay);
      else deliver();
    });
    const link: XmodemLink = {
      write: (b) =>
        new Promise<void>((resolve) => {
          socat.stdin!.write(b);
          const delay = toTool(b.length);
          if (delay > 0.5) setTimeout(resolve, delay);
          else resolve();
        }),
      read: (ms) => {
        const q = queue.shift();
        if (q) return Promise.resolve(q);
        return new Promise((resolve) => {
          const t = setTimeout(() => {
            waiter = null;
            resolve(null);
          }, ms);
          waiter = (b) => {
            clearTimeout(t);
            waiter = null;
            resolve(b);
          };
        });
      },
    };
    const result = await body(link, gone.signal);
    const exitCode = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
    return { result, exitCode, stderr };
  } finally {
    tool?.kill();
    socat.kill();
    if (fd >= 0) closeSync(fd);
  }
}

export function lrzszUnavailable(): string | null {
  for (const t of ['sx', 'rx', 'socat']) {
    try {
      spawn(t, ['--help'], { stdio: 'ignore' }).on('error', () => undefined);
    } catch {
      return `${t} is not installed`;
    }
  }
  return existsSync('/usr/bin/sx') && existsSync('/usr/bin/rx') ? null : 'lrzsz (sx, rx) is not installed';
}
