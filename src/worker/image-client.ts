/**
 * The page's handle on image inspection. Two workers: one inspects (the verdict the user waits
 * for), the other hashes the same file for the library at the same time, so SHA-256 (the slower
 * of the two in WASM) never delays the verdict.
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

function spawn(): { worker: Worker; api: Comlink.Remote<ImageWorkerApi> } {
  const worker = new Worker(new URL('./image-worker.ts', import.meta.url), { type: 'module', name: 'boothold-images' });
  return { worker, api: Comlink.wrap<ImageWorkerApi>(worker) };
}

export function createImageInspector(): ImageInspector {
  let inspector: ReturnType<typeof spawn> | null = null;
  let hasher: ReturnType<typeof spawn> | null = null;
  return {
    inspect(file, request = {}) {
      inspector ??= spawn();
      const name = file instanceof File ? file.name : 'image';
      const progress = request.onProgress ? Comlink.proxy(request.onProgress) : undefined;
      return inspector.api.inspect(file, name, request.modem ?? null, request.modemConnected ?? false, progress);
    },
    sha256(file, onProgress) {
      hasher ??= spawn();
      return hasher.api.sha256(file, onProgress ? Comlink.proxy(onProgress) : undefined);
    },
    dispose() {
      inspector?.worker.terminate();
      hasher?.worker.terminate();
      inspector = hasher = null;
    },
  };
}
