/**
 * `boothold sim --stdio --at --from TRANSCRIPT` in Node: the customer's RC7620 of a corpus
 * transcript on stdin/stdout. Recorded commands get the recorded answers, the others the
 * RC76 family's behaviour with the identity and the error style the text shows.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOTHOLD, SHARED } from './support/paths.ts';

const FILE = resolve(SHARED, 'corpus/at/rc7620_swi9x07h-00.08.19.00_ati9-cops-cgdcont-cgauth-scact-cme-error-no-network-service.txt');

describe('boothold sim --at --from', () => {
  it('replays the recorded answers and simulates the rest like an RC76', async () => {
    const child = spawn('node', [BOOTHOLD, 'sim', '--stdio', '--at', '--from', FILE], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const until = async (cond: () => boolean, what: string) => {
      const t0 = Date.now();
      while (!cond()) {
        if (Date.now() - t0 > 20_000) throw new Error(`timed out waiting for ${what}: ${out.slice(-300)} ${err.slice(-300)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const at = async (line: string) => {
      out = '';
      child.stdin.write(`${line}\r`);
      await until(() => /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n$/.test(out), line);
      return out;
    };
    try {
      await until(() => err.includes('sim: AT ready'), 'AT ready');
      expect(err).toMatch(/sim: replaying RC7620 \(SWI9X07H_00\.08\.19\.00 725c0e jenkins 2021\/09\/08 14:36:45\): \d+ recorded answers, the rest simulated as rc7620-1/);
      await at('ATE0');
      // recorded, as the customer's module printed it
      expect(await at('ati9')).toContain('\r\nFSN: 7Q0273850613B0\r\n');
      expect(await at('AT+COPS?')).toBe('\r\n+cops: 0,0,"EE",7\r\n\r\nOK\r\n');
      // simulated, with the text's identity and firmware
      expect(await at('AT+CGMR')).toBe('\r\nSWI9X07H_00.08.19.00 725c0e jenkins 2021/09/08 14:36:45\r\n\r\nOK\r\n');
      expect(await at('AT+CGSN')).toBe('\r\n353634110110227\r\n\r\nOK\r\n');
      // RC76 behaviour (!SCACT tied to GobiNet), in the verbose error form the text shows
      expect(await at('AT!SCACT=1,1')).toBe('\r\n+CME ERROR: no network service\r\n');
    } finally {
      child.stdin.end();
      child.kill();
    }
  }, 40_000);
});
