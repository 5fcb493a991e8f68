/**
 * `boothold <command> …` — each command lives in its own module and is loaded on demand so
 * one command's dependencies (serialport, usb) never slow another down.
 *
 * Everything a command does runs inside the one error boundary below: whatever a file, a device
 * or the terminal does, the CLI ends with a message and one of its documented exit codes, never
 * with a stack trace.
 * Exit codes: 0 success, 1 the operation's verdict was negative, 2 usage error (unknown command or
 * option, a path that is a directory, a file that cannot be read), ≥3 per command, 70 an internal
 * error (a bug: the message asks for a report).
 */
import { oneLine } from './terminal.ts';

export type CommandModule = { run(argv: string[]): Promise<number> };

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

interface Command {
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/**
 * A Map, not an object literal: `boothold constructor` or `boothold __proto__` must be unknown
 * commands, not properties every object inherits.
 */
const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ['inspect', { summary: 'Inspect a firmware image (.spk .cwe .nvu .zip)', load: () => import('./inspect.ts') }],
  ['analyze', { summary: 'Analyse an AT transcript or a flasher/kernel log', load: () => import('./analyze.ts') }],
  ['sim', { summary: 'Run the virtual modem on stdin/stdout', load: () => import('./sim.ts') }],
  ['flash', { summary: 'Flash a module in download mode over a tty or USB', load: () => import('./flash.ts') }],
]);

export function usage(): string {
  const lines = ['Usage: boothold <command> [options]', '', 'Commands:'];
  for (const [name, c] of COMMANDS) lines.push(`  ${name.padEnd(9)}${c.summary}`);
  lines.push('', 'Run `boothold <command> --help` for the options of one command.');
  return lines.join('\n');
}

/** File-system errors a user causes (a wrong path), as one short sentence. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTREG: 'is not a regular file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/**
 * A reader that went away (`boothold inspect x | head -1`) is not an error: once stdout reports
 * EPIPE, further writes are dropped and the command finishes with its own exit code.
 */
let guarded = false;
function guardPipes(): void {
  // Installed once and left in place: an EPIPE can arrive after the command returned, while
  // Node flushes the last writes, and an unhandled stream error would crash with a stack trace.
  if (guarded) return;
  guarded = true;
  const onError = (stream: NodeJS.WriteStream) => (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      stream.write = (() => true) as typeof stream.write;
      return;
    }
    // Any other stream failure: nothing more can be shown, end with the internal-error code.
    process.exitCode = EXIT_INTERNAL;
  };
  const out = onError(process.stdout);
  const err = onError(process.stderr);
  process.stdout.on('error', out);
  process.stderr.on('error', err);
}

export async function main(argv: string[]): Promise<number> {
  guardPipes();
  // A failure outside the awaited chain (a device callback, a stray promise) lands here too.
  const late = (e: unknown) => {
    process.exitCode = report(e, argv[0] ?? '');
    process.exit();
  };
  process.on('uncaughtException', late);
  process.on('unhandledRejection', late);
  try {
    return await dispatch(argv);
  } catch (e) {
    return report(e, argv[0] ?? '');
  } finally {
    process.off('uncaughtException', late);
    process.off('unhandledRejection', late);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    process.stderr.write(`boothold: unknown command '${oneLine(name)}'\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  const mod = await command.load();
  return await mod.run(rest);
}

function report(e: unknown, command: string): number {
  const err = e as NodeJS.ErrnoException | undefined;
  const where = command ? `boothold ${oneLine(command)}` : 'boothold';
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    if (err.code === 'EPIPE') return 0;
    const why = FILE_ERRORS[err.code];
    if (why) {
      const path = typeof err.path === 'string' ? ` '${oneLine(err.path)}'` : '';
      process.stderr.write(`${where}: cannot read${path}: ${why}\n`);
      return EXIT_USAGE;
    }
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${where}: internal error: ${oneLine(message)}\nThis is a bug in Boothold; please report it with the command you ran.\n`);
  return EXIT_INTERNAL;
}
