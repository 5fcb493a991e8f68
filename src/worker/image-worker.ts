/**
 * Image inspection off the UI thread. The page posts a File (structured-cloned as a handle, not
 * its bytes); the worker reads it in slices, so neither thread ever holds the whole image.
 */
import * as Comlink from 'comlink';
import type { ModemIdentity } from '../knowledge/compatibility.ts';
import { blobSource } from '../session/images/byte-source.ts';
import { inspectSource } from '../session/images/inspect.ts';
import { sha256OfBlob, wasmCrc32Stream } from '../session/images/hashing.ts';
import type { InspectionReport } from '../session/images/report.ts';

export type Progress = (done: number, total: number) => void;

let held: Promise<void> | null = null;
let release: (() => void) | null = null;

const api = {
  async inspect(file: Blob, name: string, modem: ModemIdentity | null, modemConnected: boolean, onProgress?: Progress): Promise<InspectionReport> {
    const crc = await wasmCrc32Stream();
    // blobSource reads the File as one stream (BYOB, 3 reused 4 MiB buffers): Chromium serves a
    // File from the browser process and a stream keeps its pipe full while we compute CRCs, where
    // slice reads wait a round trip each (bench/images.ts measures both).
    return inspectSource(blobSource(file, name), { crc: () => crc, modem, modemConnected, ...(onProgress ? { onProgress } : {}) });
  },
  async sha256(file: Blob, onProgress?: Progress): Promise<string> {
    return sha256OfBlob(file, { gate: () => held, ...(onProgress ? { onProgress } : {}) });
  },
  /** Pauses (true) or resumes (false) a running sha256 between chunks; see image-client.ts. */
  hold(on: boolean): void {
    if (on && !held) held = new Promise<void>((r) => (release = r));
    else if (!on && held) {
      release?.();
      held = null;
    }
  },
};

export type ImageWorkerApi = typeof api;

Comlink.expose(api);
