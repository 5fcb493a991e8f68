/**
 * The download engine: one session over any Transport (WebUSB, WebSerial, Node tty/USB,
 * in-memory). Checks images before a byte is sent, detects the protocol, writes every image
 * (largest first, as libqmi), resets the module, and reports typed progress all the way.
 *
 *   const engine = new DownloadEngine({ transport, images });
 *   engine.events.on('progress', (p) => …);
 *   const result = await engine.run();          // throws DownloadError
 *   engine.cancel();                             // 'needs-confirmation' once writing started
 *   engine.cancel({ confirmed: true });
 */
import { Emitter } from '../../core/emitter.ts';
import type { Transport } from '../../transport/transport.ts';
import { detectProtocol, type Detection } from './detect.ts';
import { DownloadError, type DownloadPhase } from './errors.ts';
import { FirehoseChannel, downloadImageFirehose, firehoseInit, resetFirehose } from './firehose-channel.ts';
import { saharaToFirehose } from './sahara-channel.ts';
import type { DeviceIdentity } from './identity.ts';
import { CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import { readCweHeader, type DownloadImage } from './image.ts';
import { RateEstimator } from './progress.ts';
import { downloadImageQdl, resetQdl } from './qdl-session.ts';
import { ProtocolTrace } from './protocol-trace.ts';
import { LIBQMI_TIMINGS, type DownloadTimings } from './timings.ts';
import { Wire } from './wire.ts';

export interface DownloadProgress {
  readonly phase: DownloadPhase;
  readonly protocol: 'firehose' | 'qdl' | null;
  /** Image being written: 1-based index of count. */
  readonly part: { readonly index: number; readonly count: number; readonly name: string } | null;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Smoothed throughput in MB/s (10^6 bytes). */
  readonly mbps: number;
  /** Smoothed seconds left, null until there is a rate. */
  readonly etaSeconds: number | null;
}

export interface DownloadResult {
  readonly protocol: 'firehose' | 'qdl';
  readonly identity: DeviceIdentity;
  readonly images: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  /** How the reset went: the module acknowledged and/or left the bus as expected. */
  readonly reset: 'gone' | 'acknowledged' | 'sent';
  readonly message: string;
  readonly durationMs: number;
  /** Average MB/s over the write phase. */
  readonly mbps: number;
}

export interface DownloadEvents extends Record<string, unknown> {
  phase: { phase: DownloadPhase; step: string };
  detected: { protocol: 'firehose' | 'qdl'; identity: DeviceIdentity; qdlVersion?: number };
  progress: DownloadProgress;
  done: DownloadResult;
  failed: DownloadError;
}

export interface DownloadEngineOptions {
  readonly transport: Transport;
  readonly images: readonly DownloadImage[];
  readonly timings?: Partial<DownloadTimings>;
  /** Largest single transport write; big messages are split (back-pressure per piece). */
  readonly transferSize?: number;
  /** Product codes the connected module accepts (e.g. ["9X07"]); other images are refused. */
  readonly expectProducts?: readonly string[];
  /** Skip detection of the other protocol (the user said which one). */
  readonly protocol?: 'firehose' | 'qdl';
  /**
   * The model being flashed (e.g. "EM7455"), when known: its profile says which protocol to
   * try first, so a QDL-only module does not wait through the 5 s Sahara listen.
   */
  readonly model?: string;
  /**
   * When the port was opened (performance.now() ms), for the settle before the hello answer.
   * Default: the transport's own `openedAt` (WebUSB, Node tty), else when run() starts.
   */
  readonly openedAt?: number;
  /** Progress events at most this often (ms). */
  readonly progressIntervalMs?: number;
}

export type CancelOutcome = 'cancelled' | 'needs-confirmation' | 'not-running';

export const DEFAULT_TRANSFER_SIZE = 1024 * 1024;

/**
 * Transfers are whole 4 KiB multiples: a USB short packet (or a split write) never lands inside
 * a Firehose raw block or a QDL unframed write, whose sizes are multiples of the sector size.
 */
export const TRANSFER_SIZE_UNIT = 4096;

export function checkTransferSize(n: number): string | null {
  if (!Number.isInteger(n) || n < TRANSFER_SIZE_UNIT || n % TRANSFER_SIZE_UNIT !== 0) {
    return `The transfer size must be a whole multiple of ${TRANSFER_SIZE_UNIT} bytes (4096, 65536, 1048576 …), not ${n}.`;
  }
  return null;
}

export const CANCEL_CONFIRMATION =
  'Writing has started. If you stop now the module stays in download mode and will not start its firmware until it is flashed again. This is recoverable: run the flash again.';

/** Transports that read from their open on (WebUSB, Node tty) say when that was. */
function openedAtOf(t: Transport): number | undefined {
  const v = (t as { readonly openedAt?: unknown }).openedAt;
  return typeof v === 'number' ? v : undefined;
}

export class DownloadEngine {
  readonly events = new Emitter<DownloadEvents>();
  readonly log = new ProtocolTrace();
  readonly #opts: DownloadEngineOptions;
  readonly #t: DownloadTimings;
  readonly #abort = new AbortController();
  #running = false;
  #wire: Wire | null = null;
  #protocol: 'firehose' | 'qdl' | null = null;
  #phase: DownloadPhase = 'detect';
  #part: DownloadProgress['part'] = null;
  #done = 0;
  #total = 0;
  #rate = new RateEstimator();
  #lastEmit = 0;
  #writeStart = 0;
  #writeEnd = 0;

  constructor(options: DownloadEngineOptions) {
    const bad = options.transferSize === undefined ? null : checkTransferSize(options.transferSize);
    if (bad) throw new RangeError(bad);
    this.#opts = options;
    this.#t = { ...LIBQMI_TIMINGS, ...options.timings };
  }

  get writeStarted(): boolean {
    return this.#wire?.writeStarted ?? false;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Stops the session. Before any image byte was sent: stops at once. After: only with
   * `confirmed: true` (the user accepted CANCEL_CONFIRMATION).
   */
  cancel(options: { confirmed?: boolean } = {}): CancelOutcome {
    if (!this.#running) return 'not-running';
    if (this.writeStarted && !options.confirmed) return 'needs-confirmation';
    this.log.add('info', this.writeStarted ? 'cancelled by the user during writing (confirmed)' : 'cancelled by the user');
    this.#abort.abort(new Error('cancelled'));
    return 'cancelled';
  }

  /** Checks the images without touching the device; throws the first refusal. */
  static checkImages(images: readonly DownloadImage[], expectProducts?: readonly string[]): void {
    if (images.length === 0) throw new DownloadError('image-refused', 'No image to write.', { phase: 'detect', step: 'inspection' });
    for (const img of images) {
      const fail = (code: 'image-refused' | 'wrong-product', msg: string) => new DownloadError(code, msg, { phase: 'detect', step: 'inspection' });
      if (img.inspection.verdict !== 'ok') {
        const why = img.inspection.problems?.length ? `: ${img.inspection.problems.join('; ')}` : '.';
        throw fail('image-refused', `${img.name} did not pass inspection (${img.inspection.verdict})${why}`);
      }
      const h = readCweHeader(img.header);
      if (!h || img.header.length < CWE_HEADER_SIZE) throw fail('image-refused', `${img.name} has no complete 400-byte CWE header.`);
      if (CWE_HEADER_SIZE + h.imageSize !== img.source.size) {
        throw fail('image-refused', `${img.name}: file size ${img.source.size} does not match its header (${CWE_HEADER_SIZE + h.imageSize}).`);
      }
      if (expectProducts?.length && !expectProducts.some((p) => p.toUpperCase() === img.inspection.product.toUpperCase())) {
        throw fail('wrong-product', `${img.name} is for product ${img.inspection.product}; this module takes ${expectProducts.join(' or ')}.`);
      }
    }
  }

  async run(): Promise<DownloadResult> {
    if (this.#running) throw new Error('DownloadEngine.run() called twice.');
    this.#running = true;
    const started = performance.now();
    const openedAt = this.#opts.openedAt ?? openedAtOf(this.#opts.transport) ?? started;
    try {
      DownloadEngine.checkImages(this.#opts.images, this.#opts.expectProducts);
      // libqmi sends the largest file first (the system .cwe before a carrier .nvu).
      const images = [...this.#opts.images].sort((a, b) => b.source.size - a.source.size);
      this.#total = images.reduce((n, i) => n + i.source.size, 0);
      const wire = (this.#wire = new Wire(this.#opts.transport, this.#abort.signal, this.#opts.transferSize ?? DEFAULT_TRANSFER_SIZE, this.log, this.#t.writeStallMs, (p, s) => {
        if (p !== this.#phase) this.#enter(p, s);
      }));
      this.#enter('detect', 'listen for the module');
      const det = await detectProtocol(wire, this.log, this.#t, {
        ...(this.#opts.protocol ? { only: this.#opts.protocol } : {}),
        ...(this.#opts.model ? { model: this.#opts.model } : {}),
      });
      this.#protocol = det.protocol;
      this.events.emit('detected', {
        protocol: det.protocol,
        identity: det.identity,
        ...(det.protocol === 'qdl' ? { qdlVersion: det.version } : {}),
      });
      const reset = det.protocol === 'qdl' ? await this.#runQdl(det, images) : await this.#runFirehose(det, images, openedAt);
      const gone = reset === 'gone' || (await this.#waitGone());
      const result: DownloadResult = {
        protocol: det.protocol,
        identity: det.identity,
        images: images.map((i) => ({ name: i.name, bytes: i.source.size })),
        reset: gone ? 'gone' : reset === 'acknowledged' ? 'acknowledged' : 'sent',
        message: gone
          ? 'Reset sent, device gone as expected.'
          : 'Reset sent; the module has not left the bus yet (it may still be finishing). Wait for it to restart.',
        durationMs: performance.now() - started,
        mbps: this.#writeEnd > this.#writeStart ? this.#total / 1e6 / ((this.#writeEnd - this.#writeStart) / 1000) : 0,
      };
      this.log.add('info', result.message);
      this.events.emit('done', result);
      return result;
    } catch (e) {
      const err = this.#asDownloadError(e);
      this.log.add('error', `${err.code} in ${err.phase}${err.step ? ` (${err.step})` : ''}: ${err.message}`);
      this.events.emit('failed', err);
      throw err;
    } finally {
      this.#running = false;
    }
  }

  #asDownloadError(e: unknown): DownloadError {
    if (e instanceof DownloadError) {
      if (this.#abort.signal.aborted && e.code !== 'cancelled') {
        return new DownloadError('cancelled', 'The session was cancelled.', { phase: e.phase, writeStarted: this.writeStarted, ...(e.step ? { step: e.step } : {}) });
      }
      return e;
    }
    return new DownloadError('transport', e instanceof Error ? e.message : String(e), { phase: this.#phase, writeStarted: this.writeStarted });
  }

  #enter(phase: DownloadPhase, step: string): void {
    this.#phase = phase;
    this.events.emit('phase', { phase, step });
    this.#emitProgress(true);
  }

  #emitProgress(force = false): void {
    const now = performance.now();
    if (!force && now - this.#lastEmit < (this.#opts.progressIntervalMs ?? 100)) return;
    this.#lastEmit = now;
    const { rate, eta } = this.#rate.update(now, this.#done, this.#total);
    this.events.emit('progress', {
      phase: this.#phase,
      protocol: this.#protocol,
      part: this.#part,
      bytesDone: this.#done,
      bytesTotal: this.#total,
      mbps: rate / 1e6,
      etaSeconds: this.#phase === 'write' ? eta : null,
    });
  }

  #progressFor(base: number) {
    return (bytesOfImage: number) => {
      if (this.#writeStart === 0) this.#writeStart = performance.now();
      this.#done = base + bytesOfImage;
      this.#writeEnd = performance.now();
      this.#emitProgress(this.#done === this.#total);
    };
  }

  async #runQdl(det: Extract<Detection, { protocol: 'qdl' }>, images: readonly DownloadImage[]): Promise<'sent' | 'gone'> {
    let base = 0;
    for (let i = 0; i < images.length; i++) {
      const img = images[i]!;
      this.#part = { index: i + 1, count: images.length, name: img.name };
      await downloadImageQdl(det.qdl, det.version, img, this.#t, this.#progressFor(base));
      base += img.source.size;
    }
    try {
      await resetQdl(det.qdl);
    } catch (e) {
      if (e instanceof DownloadError && e.code === 'device-lost') return 'gone';
      throw e;
    }
    return 'sent';
  }

  async #runFirehose(det: Extract<Detection, { protocol: 'firehose' }>, images: readonly DownloadImage[], openedAt: number): Promise<'acknowledged' | 'gone' | 'sent'> {
    const fh = det.entry === 'firehose' ? det.firehose : new FirehoseChannel(det.sahara.wire, this.log, await saharaToFirehose(det.sahara, det.first, this.#t, openedAt));
    const geometry = await firehoseInit(fh, this.#t);
    this.log.add('info', `max payload ${geometry.maxPayload}, sector ${geometry.sectorSize}, pages/block ${geometry.pagesPerBlock}`);
    let base = 0;
    for (let i = 0; i < images.length; i++) {
      const img = images[i]!;
      this.#part = { index: i + 1, count: images.length, name: img.name };
      await downloadImageFirehose(fh, geometry, img, this.#t, this.#progressFor(base), i > 0);
      base += img.source.size;
    }
    const r = await resetFirehose(fh, this.#t);
    return r === 'no-answer' ? 'sent' : r;
  }

  /** After reset the module should leave the bus; wait a little for that to show. */
  async #waitGone(): Promise<boolean> {
    const t = this.#opts.transport;
    if (t.state === 'lost') return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gone = await Promise.race([
      t.ended.then((e) => e.reason === 'lost'),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.#t.goneAfterResetMs))),
    ]);
    clearTimeout(timer);
    return gone;
  }
}
