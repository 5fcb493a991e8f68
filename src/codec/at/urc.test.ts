import { describe, expect, it } from 'vitest';
import { parseCommand } from './command.ts';
import { isUnsolicited } from './urc.ts';

const cmd = (c: string) => parseCommand(c)!;

describe('isUnsolicited', () => {
  it('everything is unsolicited when nothing is in flight', () => {
    expect(isUnsolicited('+CSQ: 1,2', null)).toBe(true);
  });
  it('decides registration lines by the command and their shape', () => {
    expect(isUnsolicited('+CREG: 0,1', cmd('AT+CREG?'))).toBe(false);
    expect(isUnsolicited('+CREG: 1', cmd('AT+CREG?'))).toBe(true);
    expect(isUnsolicited('+CREG: 1,"1A2B","0012",7', cmd('AT+CREG?'))).toBe(true);
    expect(isUnsolicited('+CREG: (0-2)', cmd('AT+CREG=?'))).toBe(false);
    expect(isUnsolicited('+CREG: 0,1', cmd('AT+CEREG?'))).toBe(true);
    expect(isUnsolicited('+CEREG: 2,1,"0E62","002AC602",7', cmd('AT+CEREG?'))).toBe(false);
    expect(isUnsolicited('+CREG: 5', cmd('AT+CREG=1'))).toBe(true);
  });
  it('keeps unknown prefixes and free text as answer lines', () => {
    expect(isUnsolicited('+CSQ: 20,99', cmd('AT+CSQ'))).toBe(false);
    expect(isUnsolicited('Model: RC7620-1', cmd('ATI'))).toBe(false);
    expect(isUnsolicited('+CPIN: READY', cmd('AT+CPIN?'))).toBe(false);
    expect(isUnsolicited('+CPIN: READY', cmd('AT+CSQ'))).toBe(true);
    expect(isUnsolicited('RING', cmd('AT+CSQ'))).toBe(true);
    expect(isUnsolicited('+WDSI: 16', cmd('AT!GSTATUS?'))).toBe(true);
  });
});

describe('parseCommand', () => {
  it.each([
    ['AT+CREG?', '+CREG', 'read'],
    ['at+cops=?', '+COPS', 'test'],
    ['AT!IMPREF="GENERIC"', '!IMPREF', 'set'],
    ['AT!RESET', '!RESET', 'execute'],
    ['ATI', 'I', 'execute'],
    ['ATD*99***1#', 'D', 'execute'],
    ['AT&F', '&F', 'execute'],
  ])('%s', (c, name, form) => {
    expect(parseCommand(c)).toMatchObject({ name, form });
  });
});
