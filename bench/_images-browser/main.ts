/**
 * Browser half of bench/images.ts: inspects the picked file in the app's own worker (the same
 * client the Images page uses) and, for raw throughput, CRCs it slice by slice in a worker.
 */
import { createImageInspector } from '../../src/worker/image-client.ts';

const input = document.getElementById('file') as HTMLInputElement;
const w = window as unknown as { benchResult?: unknown; benchError?: string };

input.addEventListener('change', async () => {
  try {
    const file = input.files![0]!;
    const inspector = createImageInspector();
    // Warm-up on a small slice: worker start, WASM compile.
    await inspector.inspect(new File([file.slice(0, 1 << 20)], 'warm.spk'));
    const runs: number[] = [];
    let verdict = '';
    let crcs = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await inspector.inspect(file);
      runs.push(performance.now() - t0);
      verdict = r.verdict;
      crcs = r.crcs.checked;
    }
    const t1 = performance.now();
    const sha = await inspector.sha256(file);
    const shaMs = performance.now() - t1;
    inspector.dispose();
    const diag = new Worker(new URL('./diag.ts', import.meta.url), { type: 'module' });
    const d = await new Promise((res) => { diag.onmessage = (e) => res(e.data); diag.postMessage(file); });
    w.benchResult = { size: file.size, runs, verdict, crcs, shaMs, sha, diag: d };
  } catch (e) {
    w.benchError = e instanceof Error ? e.stack ?? e.message : String(e);
  }
});
