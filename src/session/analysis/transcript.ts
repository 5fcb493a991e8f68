/**
 * Cuts a pasted AT transcript into command blocks (command line, its answer lines, its final
 * result code) and the lines that belong to no command. Transcripts without command lines
 * (only the answers were copied) end up entirely in `loose`, where shape-based parsing
 * recognises them.
 */
import { classifyFinal, type FinalResult } from '../../codec/at/final-result.ts';
import { parseCommand, type ParsedCommand } from '../../codec/at/command.ts';
import { isKnownUrc, isUnsolicited } from '../../codec/at/urc.ts';
import type { SnapshotStep } from '../../codec/at/snapshot.ts';

export interface CommandBlock {
  readonly command: string;
  readonly parsed: ParsedCommand;
  readonly lines: string[];
  final: FinalResult | null;
  /** 1-based line number of the command line. */
  readonly line: number;
  finalLine: number | null;
}

export interface Segmented {
  readonly blocks: CommandBlock[];
  /** Lines outside any command block, with their line numbers. */
  readonly loose: { readonly text: string; readonly line: number }[];
}

const COMMAND = /^AT(?:[+!$%#^&*][A-Za-z0-9_]*(?:=\?|\?|=.*)?.*|[A-Za-z]\d*(?:=\?|\?|=.*)?|D.*|)$/i;

export function isCommandLine(line: string): boolean {
  const a = line.charCodeAt(0) | 0x20;
  const t = line.charCodeAt(1) | 0x20;
  if (a !== 0x61 || t !== 0x74) return false; // "at", any case
  return line.length <= 256 && COMMAND.test(line) && !/\s{2,}/.test(line);
}

export function segment(lines: readonly { text: string; line: number }[]): Segmented {
  const blocks: CommandBlock[] = [];
  const loose: { text: string; line: number }[] = [];
  let open: CommandBlock | null = null;
  for (const { text, line } of lines) {
    if (isCommandLine(text)) {
      const parsed = parseCommand(text);
      if (parsed) {
        open = { command: text, parsed, lines: [], final: null, line, finalLine: null };
        blocks.push(open);
        continue;
      }
    }
    if (open && open.final === null) {
      const final = classifyFinal(text);
      if (final) {
        open.final = final;
        open.finalLine = line;
        continue;
      }
      if ((text.charCodeAt(0) === 0x2b || text.length <= 12) && isKnownUrc(text) && isUnsolicited(text, open.parsed)) {
        loose.push({ text, line });
        continue;
      }
      open.lines.push(text);
      continue;
    }
    loose.push({ text, line });
  }
  return { blocks, loose };
}

/** Which snapshot step a command answers, or null when it is not part of the sequence. */
export function stepOf(cmd: ParsedCommand): SnapshotStep | null {
  const { name, form } = cmd;
  switch (name) {
    case 'I':
      // ATI, ATI0, ATI3, ATI9 print the identity; ATI8 (Legato versions) and others do not.
      return /^(?:|0|3|9)$/.test(cmd.args.trim()) ? 'ati' : null;
    case '+CGMR':
    case '+GMR':
      return form === 'execute' ? 'cgmr' : null;
    case '+CGSN':
    case '+GSN':
      return form === 'execute' ? 'cgsn' : null;
    case '!IMPREF':
    case '!GOBIIMPREF':
      return form === 'read' ? 'impref' : null;
    case '!IMAGE':
      return form === 'read' ? 'image' : null;
    case '!PRIID':
      return form === 'read' ? 'priid' : null;
    case '+CPIN':
      return form === 'read' ? 'cpin' : null;
    case '+CCID':
    case '+ICCID':
    case '!ICCID':
      return form === 'test' ? null : 'iccid';
    case '+CIMI':
      return form === 'execute' ? 'cimi' : null;
    case '+CFUN':
      return form === 'read' ? 'cfun' : null;
    case '!PCINFO':
      return form === 'read' ? 'pcinfo' : null;
    case '!SELRAT':
      return form === 'read' ? 'selrat' : null;
    case '!BAND':
      return form === 'read' ? 'band' : null;
    case '!GSTATUS':
      return form === 'read' ? 'gstatus' : null;
    case '+COPS':
      return form === 'read' ? 'cops' : null;
    case '+CEREG':
      return form === 'read' ? 'cereg' : null;
    case '+CGREG':
      return form === 'read' ? 'cgreg' : null;
    case '+CREG':
      return form === 'read' ? 'creg' : null;
    case '+CSQ':
      return 'csq';
    case '+CGDCONT':
      return form === 'read' ? 'cgdcont' : null;
    case '!USBCOMP':
      return form === 'read' ? 'usbcomp' : null;
    case '!USBPID':
      return form === 'read' ? 'usbpid' : null;
    case '!USBVID':
      return form === 'read' ? 'usbvid' : null;
    case '+CRSM':
      // READ BINARY of EF_ICCID (0x2FE2 = 12258): the ICCID before PIN entry.
      return /^176\s*,\s*12258\b/.test(cmd.args) ? 'iccid' : null;
    default:
      return null;
  }
}
