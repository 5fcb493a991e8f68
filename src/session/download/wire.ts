/**
 * The engine's side of the link: writes split into transfers of a chosen size, reads with a
 * deadline and the session's cancel signal, and a pending-bytes buffer so protocol readers can
 * reassemble messages from arbitrary pieces and nothing the device sent is lost.
 */
import { TransportError, isTransportError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { DownloadError, type DownloadPhase } from './errors.ts';
import type { ProtocolTrace } from './protocol-trace.ts';

export class Wire {
  #phase: DownloadPhase = 'detect';
  #step = '';
  writeStarted = false;

  constructor(
    readonly transport: Transport,
    private readonly cancel: AbortSignal,
    readonly transferSize: number,
    readonly log: ProtocolTrace,
    /** A single transfer that the module does not take within this long fails the session. */
    readonly writeStallMs = 30_000,
    /** Told when the protocol code moves to another phase (the engine's phase events). */
    private readonly onPhase?: (phase: DownloadPhase, step: string) => void,
  ) {}

  at(phase: DownloadPhase, step: string): void {
    const changed = phase !== this.#phase;
    this.#phase = phase;
    this.#step = step;
    if (changed) this.onPhase?.(phase, step);
  }

  get phase(): DownloadPhase {
    return this.#phase;
  }

  get step(): string {
    return this.#step;
  }

  fail(code: ConstructorParameters<typeof DownloadError>[0], message: string, deviceText?: string): DownloadError {
    return new DownloadError(code, message, {
      phase: this.#phase,
      step: this.#step,
      ...(deviceText !== undefined ? { deviceText } : {}),
      writeStarted: this.writeStarted,
    });
  }

  #fromTransport(e: unknown): DownloadError {
    if (e instanceof DownloadError) return e;
    if (this.cancel.aborted) return this.fail('cancelled', 'The session was cancelled.');
    if (isTransportError(e, 'device-lost')) {
      return new DownloadError('device-lost', `The module went away during ${this.#step || this.#phase}.`, {
        phase: this.#phase,
        step: this.#step,
        transportCode: 'device-lost',
        writeStarted: this.writeStarted,
      });
    }
    const te = e instanceof TransportError ? e : null;
    return new DownloadError('transport', te ? te.message : String(e), {
      phase: this.#phase,
      step: this.#step,
      ...(te ? { transportCode: te.code } : {}),
      writeStarted: this.writeStarted,
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.cancel.aborted) throw this.fail('cancelled', 'The session was cancelled.');
    try {
      for (let off = 0; off < bytes.length; off += this.transferSize) {
        const end = Math.min(bytes.length, off + this.transferSize);
        const w = this.transport.write(off === 0 && end === bytes.length ? bytes : bytes.subarray(off, end), { signal: this.cancel });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stalled = new Promise<'stalled'>((r) => (timer = setTimeout(() => r('stalled'), this.writeStallMs)));
        const first = await Promise.race([w.then(() => 'written' as const), stalled]).finally(() => clearTimeout(timer));
        if (first === 'stalled') {
          w.catch(() => undefined);
          throw this.fail('timeout', `The module stopped taking data during ${this.#step || this.#phase} (no progress for ${this.writeStallMs / 1000} s).`);
        }
      }
    } catch (e) {
      throw this.#fromTransport(e);
    }
  }

  /**
   * The next piece the device sent, waiting until `deadline` (performance.now() ms). Returns
   * null on timeout; throws on cancel and link loss.
   */
  async read(deadline: number): Promise<Uint8Array | null> {
    const wait = deadline - performance.now();
    if (this.cancel.aborted) throw this.fail('cancelled', 'The session was cancelled.');
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort(new TransportError('aborted', 'timeout'));
    }, Math.max(0, wait));
    const onCancel = () => ctl.abort(new TransportError('aborted', 'cancelled'));
    this.cancel.addEventListener('abort', onCancel, { once: true });
    try {
      return await this.transport.read({ signal: ctl.signal });
    } catch (e) {
      if (timedOut && !this.cancel.aborted) return null;
      throw this.#fromTransport(e);
    } finally {
      clearTimeout(timer);
      this.cancel.removeEventListener('abort', onCancel);
    }
  }

  /** Whatever the device already sent, without waiting (for stale-reply checks). */
  async drain(): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (;;) {
      const ctl = new AbortController();
      ctl.abort(new TransportError('aborted', 'poll'));
      try {
        out.push(await this.transport.read({ signal: ctl.signal }));
      } catch (e) {
        if (isTransportError(e, 'aborted')) return out;
        if (out.length) return out;
        throw this.#fromTransport(e);
      }
    }
  }
}
