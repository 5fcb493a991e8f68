/**
 * What an AT command line asks for, as far as response routing needs to know: its name
 * (`+CREG`, `!GSTATUS`, `I`) and its form (read `?`, test `=?`, set `=`, execute).
 */
export type CommandForm = 'read' | 'test' | 'set' | 'execute';

export interface ParsedCommand {
  /** Upper-cased, without the `AT` prefix: `+CREG`, `!IMPREF`, `I`, `D`, `&F`. */
  readonly name: string;
  readonly form: CommandForm;
  /** Text after `=` for set commands (as typed). */
  readonly args: string;
}

/** Normalised command text used to recognise its echo: upper-case, no whitespace. */
export function echoKey(command: string): string {
  return command.replace(/\s+/g, '').toUpperCase();
}

export function parseCommand(command: string): ParsedCommand | null {
  const t = command.trim();
  if (!/^AT/i.test(t)) return null;
  const body = t.slice(2);
  // Extended commands (+X, !X, $X, %X, #X) run up to `=`, `?` or the end.
  const ext = /^([+!$%#*^][A-Za-z0-9_]+)\s*(=\?|\?|=)?(.*)$/s.exec(body);
  if (ext) {
    const name = ext[1]!.toUpperCase();
    const op = ext[2];
    const form: CommandForm = op === '=?' ? 'test' : op === '?' ? 'read' : op === '=' ? 'set' : 'execute';
    return { name, form, args: op === '=' ? (ext[3] ?? '').trim() : '' };
  }
  // Basic commands: ATI, ATI9, ATD*99#, ATE0, AT&F, AT (empty).
  const basic = /^(&?[A-Za-z]?)(.*)$/s.exec(body);
  const name = (basic?.[1] ?? '').toUpperCase();
  const rest = (basic?.[2] ?? '').trim();
  if (rest.startsWith('=?')) return { name, form: 'test', args: '' };
  if (rest.startsWith('?')) return { name, form: 'read', args: '' };
  return { name, form: rest.startsWith('=') ? 'set' : 'execute', args: rest.replace(/^=/, '') };
}

/**
 * The information-line prefix a command's own answer carries (`AT+CREG?` → `+CREG:`),
 * or null for commands whose answer is free text (`ATI`, `AT+CGMR`).
 */
export function responsePrefix(cmd: ParsedCommand): string | null {
  if (!/^[+!$%#^]/.test(cmd.name)) return null;
  return `${cmd.name}:`;
}
