/**
 * `boothold flash` in-process against the virtual RC7620 (download mode, then its AT port after
 * the reset): the product check by default, --confirm-model, and --verify-port's read-back.
 * The same command over real PTYs is in tests/interop/cli-pty.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rc7620InDownloadMode } from '../session/write/virtual-rc7620.fixture.ts';
import { connectDownloadDevice } from '../sim/download/memory.ts';
import { FAST_TIMINGS } from '../session/download/timings.ts';
import { imageBytesOf } from '../session/write/write-images.fixture.ts';
import { EXIT, run } from './flash.ts';
import { captureOutput } from './output-capture.fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'boothold-flash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(kind: Parameters<typeof imageBytesOf>[0]): string {
  const f = join(dir, `${kind}.spk`);
  writeFileSync(f, imageBytesOf(kind, 20_000));
  return f;
}

async function flash(args: string[], device = connectDownloadDevice({ protocol: 'firehose' })) {
  const out = captureOutput();
  try {
    const code = await run(['--stdio', ...args], { openTransport: async () => device.transport, timings: FAST_TIMINGS });
    return { code, err: out.err(), sent: device.device.hostBytes };
  } finally {
    out.restore();
  }
}

describe('boothold flash: the product check by default', () => {
  it('1199:68C0 (three lines share it) without --model: refuses to guess, nothing sent', async () => {
    const r = await flash([file('right-product')]);
    expect(r).toMatchObject({ code: EXIT.image, sent: 0 });
    expect(r.err).toMatch(/cannot tell which product line this module is \(1199:68C0, from its USB identity\)/);
    expect(r.err).toMatch(/--model NAME/);
  });

  it('a download-mode USB identity that names one line (EM74xx 1199:9070) is checked without --model', async () => {
    const em74 = () => connectDownloadDevice({ protocol: 'qdl', info: { kind: 'memory', label: 'EM7455 (download)', usb: { vendorId: 0x1199, productId: 0x9070 } } });
    const refused = await flash([file('right-product')], em74());
    expect(refused).toMatchObject({ code: EXIT.image, sent: 0 });
    expect(refused.err).toMatch(/is for RC76xx modules \(product 9X07\); this module is 1199:9070 \(EM\/MC74xx, from its USB identity\)/);
    expect(await flash([file('other-line')], em74())).toMatchObject({ code: EXIT.ok });
  });

  it('--model against another line: refused before the port is opened', async () => {
    const r = await flash(['--model', 'EM7455', file('right-product')]);
    expect(r).toMatchObject({ code: EXIT.image, sent: 0 });
    expect(r.err).toMatch(/this module is EM7455 \(EM\/MC74xx, from --model\)/);
  });

  it('an image whose line is unknown needs --confirm-model with the module name', async () => {
    const refused = await flash(['--model', 'RC7620', file('unknown-line')]);
    expect(refused).toMatchObject({ code: EXIT.image, sent: 0 });
    expect(refused.err).toMatch(/--confirm-model RC7620/);
    expect(await flash(['--model', 'RC7620', '--confirm-model', 'EM7455', file('unknown-line')])).toMatchObject({ code: EXIT.image, sent: 0 });
    const ok = await flash(['--model', 'RC7620', '--confirm-model', 'RC7620', file('unknown-line')]);
    expect(ok.code, ok.err).toBe(EXIT.ok);
    expect(ok.err).toMatch(/Written, not verified: the reset was sent, but this path has no AT port/);
  });
});

describe('boothold flash --verify-port', () => {
  it('waits for the AT port after the reset and reads back the version the image carries', async () => {
    const bench = await rc7620InDownloadMode(false);
    try {
      const out = captureOutput();
      let code: number;
      try {
        code = await run(['--stdio', '--model', 'RC7620', '--verify-port', 'virtual-at', '--verify-timeout', '20', file('right-product')], {
          openTransport: async () => bench.connectMemory('download'),
          openVerifyPort: async () => bench.connectMemory('at'),
          timings: { ...FAST_TIMINGS, saharaListenMs: 1500 },
        });
      } finally {
        out.restore();
      }
      expect(code, out.err()).toBe(EXIT.ok);
      expect(out.err()).toMatch(/waiting for the module's AT port virtual-at/);
      expect(out.err()).toMatch(/Done: the module restarted and runs firmware 00\.08\.24\.02, carrier GENERIC/);
    } finally {
      bench.dispose();
    }
  }, 30_000);

  it('no module on the verify port in time: written, not verified, exit 9', async () => {
    const r = await (async () => {
      const device = connectDownloadDevice({ protocol: 'firehose' });
      const out = captureOutput();
      try {
        const code = await run(['--stdio', '--model', 'RC7620', '--verify-port', '/nonexistent/tty', '--verify-timeout', '1', file('right-product')], {
          openTransport: async () => device.transport,
          openVerifyPort: async () => {
            throw new Error('ENOENT');
          },
          timings: FAST_TIMINGS,
        });
        return { code, err: out.err() };
      } finally {
        out.restore();
      }
    })();
    expect(r.code).toBe(EXIT.verify);
    expect(r.err).toMatch(/Written, not verified: the module did not come back/);
  });
});
