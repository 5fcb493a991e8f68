/**
 * `boothold <command> …` — each command lives in its own module and is loaded on demand so
 * one command's dependencies (serialport, usb) never slow another down.
 * Exit codes: 0 success, 1 the operation's verdict was negative, 2 usage error, ≥3 per command.
 */
export type CommandModule = { run(argv: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  inspect: { summary: 'Inspect a firmware image (.spk .cwe .nvu .zip)', load: () => import('./inspect.ts') },
  analyze: { summary: 'Analyse an AT transcript or a flasher/kernel log', load: () => import('./analyze.ts') },
  sim: { summary: 'Run the virtual modem on stdin/stdout', load: () => import('./sim.ts') },
  flash: { summary: 'Flash a module in download mode over a tty or USB', load: () => import('./flash.ts') },
};

export function usage(): string {
  const lines = ['Usage: boothold <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(9)}${c.summary}`);
  lines.push('', 'Run `boothold <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`boothold: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
