import { describe, expect, it } from 'vitest';
import { AtSession, isAtError, type AtResponse } from './at-session.ts';
import { ScriptedModem, type Script } from './test-responder.fixture.ts';

/** The scripted modem on a port labelled as the other session tests label theirs. */
const responder = (script: Script) => new ScriptedModem(script, 0, 'test');

const ok = (body = '') => `${body ? `\r\n${body}` : ''}\r\n\r\nOK\r\n`;

describe('AtSession', () => {
  it('returns information lines and OK, without the echo', async () => {
    const r = responder((c) => (c === 'AT+CGMR' ? ok('SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24') : ok()));
    const s = new AtSession(r.transport);
    const res = await s.send('AT+CGMR');
    expect(res.lines).toEqual(['SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24']);
    expect(res.final).toEqual({ kind: 'ok' });
    expect(res.command).toBe('AT+CGMR');
    expect(res.raw).toContain('OK');
    await s.close();
  });

  it('works with echo off', async () => {
    const r = responder(() => ok('+CSQ: 20,99'));
    r.echo = false;
    const s = new AtSession(r.transport);
    expect((await s.send('AT+CSQ')).lines).toEqual(['+CSQ: 20,99']);
    await s.close();
  });

  it('classifies every final result code', async () => {
    const answers: Record<string, string> = {
      'AT+A': '\r\nERROR\r\n',
      'AT+B': '\r\n+CME ERROR: 30\r\n',
      'AT+C': '\r\n+CME ERROR: no network service\r\n',
      'AT+D': '\r\n+CMS ERROR: 500\r\n',
      'ATD*99#': '\r\nNO CARRIER\r\n',
      'ATD*99***1#': '\r\nCONNECT 150000000\r\n',
      'AT+E': '\r\nBUSY\r\n',
    };
    const r = responder((c) => answers[c] ?? ok());
    const s = new AtSession(r.transport);
    expect((await s.send('AT+A')).final).toEqual({ kind: 'error' });
    expect((await s.send('AT+B')).final).toEqual({ kind: 'cme-error', code: 30, text: '30' });
    expect((await s.send('AT+C')).final).toEqual({ kind: 'cme-error', code: null, text: 'no network service' });
    expect((await s.send('AT+D')).final).toEqual({ kind: 'cms-error', code: 500, text: '500' });
    expect((await s.send('ATD*99#')).final).toEqual({ kind: 'no-carrier' });
    expect((await s.send('ATD*99***1#')).final).toEqual({ kind: 'connect', text: '150000000' });
    expect((await s.send('AT+E')).final).toEqual({ kind: 'busy' });
    await s.close();
  });

  it('keeps one command in flight and answers in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const r = responder((c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => inFlight--, 1);
      return { delayMs: 2, text: ok(`echo:${c}`) };
    });
    const s = new AtSession(r.transport);
    const all = await Promise.all(['AT+A', 'AT+B', 'AT+C', 'AT+D'].map((c) => s.send(c)));
    expect(all.map((x) => x.lines[0])).toEqual(['echo:AT+A', 'echo:AT+B', 'echo:AT+C', 'echo:AT+D']);
    expect(maxInFlight).toBe(1);
    await s.close();
  });

  it('separates a +CREG URC from the +CREG? answer by shape', async () => {
    const r = responder((c) =>
      c === 'AT+CREG?' ? { chunks: ['\r\n+CREG: 1\r\n', '\r\n+CREG: 2,5,"1A2B","01C3D4E5",7\r\n', '\r\n+CREG: 1,"00AB","0012",7\r\n', ok()] } : ok(),
    );
    const s = new AtSession(r.transport);
    const urcs: string[] = [];
    s.events.on('urc', (u) => urcs.push(u.line));
    const res = await s.send('AT+CREG?');
    expect(res.lines).toEqual(['+CREG: 2,5,"1A2B","01C3D4E5",7']);
    expect(urcs).toEqual(['+CREG: 1', '+CREG: 1,"00AB","0012",7']);
    await s.close();
  });

  it('treats a foreign URC in the middle of an answer as unsolicited', async () => {
    const r = responder(() => ({ chunks: ['\r\n!GSTATUS: \r\nCurrent Time:  36\t\tTemperature: 26\r\n', '\r\n+CEREG: 1\r\n', 'Mode:  ONLINE\r\n', ok()] }));
    const s = new AtSession(r.transport);
    const urcs: string[] = [];
    s.events.on('urc', (u) => urcs.push(u.line));
    const res = await s.send('AT!GSTATUS?');
    expect(res.lines).toEqual(['!GSTATUS:', 'Current Time:  36\t\tTemperature: 26', 'Mode:  ONLINE']);
    expect(urcs).toEqual(['+CEREG: 1']);
    await s.close();
  });

  it('delivers URCs while idle', async () => {
    const r = responder(() => ok());
    const s = new AtSession(r.transport);
    const got = new Promise<string>((resolve) => s.events.on('urc', (u) => resolve(u.line)));
    r.say('\r\n+WDSI: 16\r\n');
    expect(await got).toBe('+WDSI: 16');
    await s.close();
  });

  it('reassembles lines split across reads and survives garbage bytes', async () => {
    const r = responder(() => ({ chunks: ['\r\nMa', 'nufacturer: Sierra Wir', 'eless, Incorporated\r', '\n\u0000\u00ff\r\nOK', '\r\n'] }));
    const s = new AtSession(r.transport);
    r.transport.deliver(new Uint8Array([0xff, 0xfe, 0x00, 0x0d, 0x0a]));
    const res = await s.send('ATI');
    expect(res.lines).toContain('Manufacturer: Sierra Wireless, Incorporated');
    expect(res.final.kind).toBe('ok');
    await s.close();
  });

  it('times out naming the command, then stays usable and drops the late answer', async () => {
    const r = responder((c) => (c === 'AT+COPS=?' ? { delayMs: 60, text: ok('+COPS: (2,"Orange F","Orange","20801",7)') } : ok(`ans:${c}`)));
    const s = new AtSession(r.transport);
    const err = await s.send('AT+COPS=?', { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(isAtError(err, 'timeout')).toBe(true);
    expect((err as Error).message).toContain('AT+COPS=?');
    const lines: { text: string; role: string }[] = [];
    s.events.on('line', (l) => lines.push(l));
    await new Promise((r) => setTimeout(r, 80));
    const next = await s.send('AT+CSQ');
    expect(next.lines).toEqual(['ans:AT+CSQ']);
    expect(lines.filter((l) => l.role === 'stale').map((l) => l.text)).toContain('OK');
    await s.close();
  });

  it('does not mistake a late OK for the next command (echo on)', async () => {
    // A busy modem: the slow command's answer (at 30 ms) comes after the next command was
    // sent (at ~10 ms), and that command's echo only follows the late OK.
    const r = responder((c) => {
      if (c === 'AT+SLOW') return { chunks: [`${c}\r`] , later: { delayMs: 30, text: ok('late') } } as never;
      return { delayMs: 35, text: `${c}\r${ok(`ans:${c}`)}` };
    });
    r.echo = false;
    const s = new AtSession(r.transport);
    // Learn that echo is on.
    r.echo = true;
    const warm = await s.send('AT');
    r.echo = false;
    expect(warm.final.kind).toBe('ok');
    const e = await s.send('AT+SLOW', { timeoutMs: 10 }).catch((x: unknown) => x);
    expect(isAtError(e, 'timeout')).toBe(true);
    const next = await s.send('AT+CSQ');
    expect(next.lines).toEqual(['ans:AT+CSQ']);
    await s.close();
  });

  it('aborts a queued and an in-flight command', async () => {
    const r = responder(() => ({ delayMs: 50, text: ok() }));
    const s = new AtSession(r.transport);
    const a = new AbortController();
    const b = new AbortController();
    const p1 = s.send('AT+ONE', { signal: a.signal });
    const p2 = s.send('AT+TWO', { signal: b.signal });
    b.abort();
    a.abort();
    await expect(p1).rejects.toMatchObject({ code: 'aborted', command: 'AT+ONE' });
    await expect(p2).rejects.toMatchObject({ code: 'aborted', command: 'AT+TWO' });
    expect(r.received).toEqual(['AT+ONE']);
    await s.close();
  });

  it('reports device loss to the command in flight and closes', async () => {
    const r = responder(() => null);
    const s = new AtSession(r.transport);
    const closed = new Promise((resolve) => s.events.on('closed', resolve));
    const p = s.send('ATI');
    setTimeout(() => r.transport.lose(), 5);
    await expect(p).rejects.toMatchObject({ code: 'device-lost' });
    expect(await closed).toMatchObject({ reason: 'device-lost' });
    await expect(s.send('AT')).rejects.toMatchObject({ code: 'device-lost' });
  });

  it('rejects pending commands on close', async () => {
    const r = responder(() => null);
    const s = new AtSession(r.transport);
    const p = s.send('ATI');
    await new Promise((res) => setTimeout(res, 1));
    await s.close();
    await expect(p).rejects.toMatchObject({ code: 'closed' });
    expect(r.transport.state).toBe('closed');
  });

  it('rejects text that is not one AT command', async () => {
    const s = new AtSession(responder(() => ok()).transport);
    await expect(s.send('hello')).rejects.toMatchObject({ code: 'invalid-command' });
    await expect(s.send('AT\rAT')).rejects.toMatchObject({ code: 'invalid-command' });
    await s.close();
  });

  it('emits the raw byte trace', async () => {
    const r = responder(() => ok('x'));
    const s = new AtSession(r.transport);
    const tx: string[] = [];
    let rx = '';
    s.events.on('tx', (e) => tx.push(new TextDecoder().decode(e.bytes)));
    s.events.on('rx', (e) => (rx += new TextDecoder().decode(e.bytes)));
    await s.send('ATI');
    expect(tx).toEqual(['ATI\r']);
    expect(rx).toBe('ATI\r\r\nx\r\n\r\nOK\r\n');
    await s.close();
  });

  describe('AT!ENTERCND gate', () => {
    function gatedModem() {
      let unlocked = false;
      return responder((c) => {
        if (c.startsWith('AT!ENTERCND=')) {
          unlocked = c === 'AT!ENTERCND="A710"';
          return unlocked ? ok() : '\r\nERROR\r\n';
        }
        if (c === 'AT!USBCOMP?') return unlocked ? ok('Config Index: 1\r\nConfig Type:  1 (Generic)') : '\r\nERROR\r\n';
        if (c === 'AT!RESET') {
          unlocked = false;
          return ok();
        }
        return ok();
      });
    }

    it('reports a refused gated command as locked when unlocking is not allowed', async () => {
      const r = gatedModem();
      const s = new AtSession(r.transport);
      const res = await s.send('AT!USBCOMP?');
      expect(res.final.kind).toBe('error');
      expect(res.passwordGate).toBe('locked');
      expect(r.received).toEqual(['AT!USBCOMP?']);
      await s.close();
    });

    it('unlocks and retries when allowed, redacting the password from traces', async () => {
      const r = gatedModem();
      const s = new AtSession(r.transport);
      let trace = '';
      s.events.on('tx', (e) => (trace += new TextDecoder().decode(e.bytes)));
      s.events.on('rx', (e) => (trace += new TextDecoder().decode(e.bytes)));
      const lines: string[] = [];
      s.events.on('line', (l) => lines.push(l.text));
      const res: AtResponse = await s.send('AT!USBCOMP?', { unlock: true });
      expect(res.passwordGate).toBe('unlocked');
      expect(res.lines[0]).toBe('Config Index: 1');
      expect(r.received).toEqual(['AT!USBCOMP?', 'AT!ENTERCND="A710"', 'AT!USBCOMP?']);
      expect(trace).not.toContain('A710');
      expect(lines.join('\n')).not.toContain('A710');
      expect(s.unlocked).toBe(true);
      await s.send('AT!RESET');
      expect(s.unlocked).toBe(false);
      await s.close();
    });

    it('stays locked when the password is wrong', async () => {
      const r = gatedModem();
      const s = new AtSession(r.transport);
      const res = await s.send('AT!USBCOMP?', { unlock: { password: 'nope' } });
      expect(res.passwordGate).toBe('locked');
      expect(s.unlocked).toBe(false);
      await s.close();
    });

    it('leaves ungated commands alone', async () => {
      const r = responder(() => '\r\nERROR\r\n');
      const s = new AtSession(r.transport);
      const res = await s.send('AT!GSTATUS?', { unlock: true });
      expect(res.passwordGate).toBe('open');
      expect(r.received).toEqual(['AT!GSTATUS?']);
      await s.close();
    });
  });
});
