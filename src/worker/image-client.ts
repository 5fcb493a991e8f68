/**
 * The page's handle on image inspection. Two workers: one inspects (the verdict the user waits
 * for), the other hashes the same file for the library at the same time, so SHA-256 (the slower
 * of the two in WASM) never delays the verdict. A new request supersedes the running one of the
 * same kind: its worker is terminated (a 500 MiB parse must not keep the next file waiting) and
 * its promise rejects with a SupersededError.
 *
 * Hashing yields to inspection: while an inspection runs, the hashing worker pauses between
 * chunks. On two cores both workers plus the browser's file reading compete for CPU, and the
 * verdict is what the user waits for (bench/images.ts: 100 MiB verdict with SHA-256 alongside).
 */
import * as Comlink from 'comlink';
import type { ModemIdentity } from '../knowledge/compatibility.ts';
import type { InspectionReport } from '../session/images/report.ts';
import type { ImageWorkerApi } from './image-worker.ts';

export interface InspectRequest {
  readonly modem?: ModemIdentity | null;
  /** The modem is the one connected now (the verdict then says "the connected …"). */
  readonly modemConnected?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImageInspector {
  inspect(file: File | Blob, request?: InspectRequest): Promise<InspectionReport>;
  sha256(file: File | Blob, onProgress?: (done: number, total: number) => void): Promise<string>;
  dispose(): void;
}

export class SupersededError extends Error {
  override readonly name = 'SupersededError';
  constructor() {
    super('a newer request replaced this one');
  }
}

export function isSuperseded(e: unknown): e is SupersededError {
  return e instanceof SupersededError;
}

/** One lazily started worker that runs one request at a time. */
class Lane {
  private worker: Worker | null = null;
  private api: Comlink.Remote<ImageWorkerApi> | null = null;
  private cancelCurrent: (() => void) | null = null;

  async run<T>(call: (api: Comlink.Remote<ImageWorkerApi>) => Promise<T>): Promise<T> {
    if (this.cancelCurrent) this.stop();
    if (!this.worker) {
      this.worker = new Worker(new URL('./image-worker.ts', import.meta.url), { type: 'module', name: 'boothold-images' });
      this.api = Comlink.wrap<ImageWorkerApi>(this.worker);
    }
    const api = this.api!;
    let cancel!: () => void;
    const superseded = new Promise<never>((_, reject) => (cancel = () => reject(new SupersededError())));
    this.cancelCurrent = cancel;
    try {
      return await Promise.race([call(api), superseded]);
    } finally {
      if (this.cancelCurrent === cancel) this.cancelCurrent = null;
    }
  }

  /** Tells this lane's worker to pause or resume hashing (no-op when no worker runs). */
  hold(on: boolean): void {
    this.held = on;
    void this.api?.hold(on).catch(() => {});
  }

  held = false;

  stop(): void {
    this.cancelCurrent?.();
    this.cancelCurrent = null;
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }
}

export function createImageInspector(): ImageInspector {
  const inspecting = new Lane();
  const hashing = new Lane();
  let inspections = 0;
  return {
    async inspect(file, request = {}) {
      const name = file instanceof File ? file.name : 'image';
      const progress = request.onProgress ? Comlink.proxy(request.onProgress) : undefined;
      if (inspections++ === 0) hashing.hold(true);
      try {
        return await inspecting.run((api) => api.inspect(file, name, request.modem ?? null, request.modemConnected ?? false, progress));
      } finally {
        if (--inspections === 0) hashing.hold(false);
      }
    },
    sha256(file, onProgress) {
      return hashing.run(async (api) => {
        await api.hold(hashing.held);
        return api.sha256(file, onProgress ? Comlink.proxy(onProgress) : undefined);
      });
    },
    dispose() {
      inspecting.stop();
      hashing.stop();
    },
  };
}
