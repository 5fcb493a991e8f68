/**
 * Browser half of bench/images.ts: inspects the picked file (a real file on disk, given to the
 * page by setInputFiles as a user's drop would be) in the app's own worker through the same
 * client the Images page uses, then runs diag.ts's raw variants. Only the runs are timed: page
 * load, worker start and WASM compile happen in the warm-up before. Around every run the page
 * calls benchCpu (exposed by bench/images.ts) so Node can sample Chromium's CPU time per thread.
 */
import { createImageInspector } from '../../src/worker/image-client.ts';

const input = document.getElementById('file') as HTMLInputElement;
const w = window as unknown as { benchResult?: unknown; benchError?: string; benchCpu?: (label: string, phase: 'start' | 'end') => Promise<void> };
const ROUNDS = Number(new URLSearchParams(location.search).get('rounds') ?? 7);
const cpu = async (label: string, phase: 'start' | 'end') => w.benchCpu?.(label, phase);

input.addEventListener('change', async () => {
  try {
    const file = input.files![0]!;
    const inspector = createImageInspector();
    // Warm-up: worker start, WASM compile, JIT on a first full pass.
    await inspector.inspect(new File([file.slice(0, 1 << 20)], 'warm.spk'));
    await inspector.inspect(file);
    const diag = new Worker(new URL('./diag.ts', import.meta.url), { type: 'module' });
    const ask = (variant: string) =>
      new Promise<{ ms: number; detail: number | null; list?: string[] }>((res, rej) => {
        diag.onmessage = (e) => (e.data.error ? rej(new Error(e.data.error)) : res(e.data));
        diag.onerror = (e) => rej(new Error(e.message));
        diag.postMessage({ file, variant });
      });
    const variants = new URLSearchParams(location.search).has('apponly') ? [] : (await ask('list')).list!;
    const times: Record<string, number[]> = { app: [] };
    const details: Record<string, number | null> = {};
    let verdict = '';
    let crcs = 0;
    let progressCalls = 0;
    // Rounds interleave the app's inspection and every variant, so load swings hit them alike.
    for (let i = 0; i < ROUNDS; i++) {
      await cpu("app", "start");
      const t0 = performance.now();
      const r = await inspector.inspect(file, { onProgress: () => void progressCalls++ });
      times.app!.push(performance.now() - t0);
      await cpu('app', 'end');
      verdict = r.verdict;
      crcs = r.crcs.checked;
      console.log(`round ${i} app ${Math.round(times.app!.at(-1)!)} ms`);
      for (const v of variants) {
        console.log(`round ${i} ${v}`);
        await cpu(v, 'start');
        const d = await ask(v);
        await cpu(v, 'end');
        (times[v] ??= []).push(d.ms);
        details[v] = d.detail;
      }
    }
    diag.terminate();
    // As the Images page does it: SHA-256 (library key) starts with the inspection, in its own worker.
    const withSha: number[] = [];
    for (let i = 0; i < 3; i++) {
      console.log(`with sha ${i}`);
      const t0 = performance.now();
      const sha = inspector.sha256(file);
      await inspector.inspect(file);
      withSha.push(performance.now() - t0);
      await sha;
    }
    console.log('sha alone');
    const t1 = performance.now();
    await inspector.sha256(file);
    const shaMs = performance.now() - t1;
    inspector.dispose();
    w.benchResult = { size: file.size, times, details, withSha, verdict, crcs, progressCalls: progressCalls / ROUNDS, shaMs };
  } catch (e) {
    w.benchError = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
});
