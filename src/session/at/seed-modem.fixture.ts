/**
 * The seed story as a scripted modem (test and benchmark use only): RC7620-1 on Release 8
 * running the SIERRA image with an Orange SIM — camped but never attached for data — until
 * the image preference is switched to GENERIC (behind AT!ENTERCND) and the module reset.
 */
import * as T from '../../codec/at/transcripts.fixture.ts';
import { answer, ScriptedModem } from './test-responder.fixture.ts';

export function seedModem(latencyMs = 0): ScriptedModem & { state: { carrier: string; unlocked: boolean } } {
  const state = { carrier: 'SIERRA', unlocked: false };
  const sub = (lines: readonly string[]) =>
    state.carrier === 'SIERRA' ? lines : lines.map((l) => l.replace(/SIERRA_000\.057/g, 'GENERIC_001.081').replace(/SIERRA/g, 'GENERIC'));
  const attached = () => state.carrier === 'GENERIC';
  const table: Record<string, () => string> = {
    ATI: () => answer(T.ATI_RC7620_R8),
    'AT+CGMR': () => answer(['SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24']),
    'AT+CGSN': () => answer(['352653090123456']),
    'AT!IMPREF?': () => answer(sub(T.IMPREF_SEED)),
    'AT!IMAGE?': () => answer(T.IMAGE_SEED),
    'AT!PRIID?': () => answer(sub(T.PRIID_SEED)),
    'AT+CPIN?': () => answer(['+CPIN: READY']),
    'AT+CCID': () => answer(['+CCID: 8933014512345678901']),
    'AT+CIMI': () => answer(['208011234567890']),
    'AT+CFUN?': () => answer(['+CFUN: 1']),
    'AT!PCINFO?': () => answer(['!PCINFO: State: Online', 'LPM voters - Temp:0, Volt:0, User:0, W_DISABLE:0, IMSWITCH:0, BIOS:0, LWM2M:0, OMADM:0, FOTA:0', 'LPM persistence - None']),
    'AT!SELRAT?': () => answer(['!SELRAT: 00, Automatic']),
    'AT!BAND?': () => answer(['Index, Name', '00, All bands']),
    'AT!GSTATUS?': () => answer(attached() ? T.GSTATUS_9X30 : T.GSTATUS_RC76_NOT_ATTACHED),
    'AT+COPS?': () => answer(['+COPS: 0,0,"Orange F",7']),
    'AT+CEREG?': () => answer([attached() ? '+CEREG: 0,1' : '+CEREG: 0,2']),
    'AT+CREG?': () => answer(['+CREG: 0,1']),
    'AT+CSQ': () => answer(['+CSQ: 22,99']),
    'AT+CGDCONT?': () => answer(['+CGDCONT: 1,"IPV4V6","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0,0,0']),
    'AT!RESET': () => {
      state.unlocked = false;
      return answer([]);
    },
  };
  const modem = new ScriptedModem((cmd) => {
    if (cmd.startsWith('AT!ENTERCND=')) {
      state.unlocked = cmd === 'AT!ENTERCND="A710"';
      return answer([], state.unlocked ? 'OK' : 'ERROR');
    }
    const m = /^AT!IMPREF="(\w+)"$/.exec(cmd);
    if (m) {
      if (!state.unlocked) return answer([], 'ERROR');
      state.carrier = m[1]!;
      return answer([]);
    }
    return (table[cmd] ?? (() => answer([], 'ERROR')))();
  }, latencyMs);
  return Object.assign(modem, { state });
}
