/**
 * The boot-loop rescue: watch the bus until the module's coming and going is plain, catch it in
 * its window (open its port the moment it appears and repeat AT!BOOTHOLD until it goes), or,
 * after `catchAttempts` appearances, guide the user through holding TP1; then the download-mode
 * device, the write, and the check once it boots the new firmware.
 *
 *   start → watch → catch → wait-download → flash → wait-app → verify      (tp1 → wait-download)
 *
 * The user's side: reportLoop() ("it keeps disconnecting"), pickLoopPort() (the grant, while
 * the port is up), alreadyInDownloadMode(), tp1Done() — all on GuidedFlow.
 */
import type { Transport } from '../../transport/transport.ts';
import { sleep } from './clock.ts';
import type { FlowContext } from './flow-context.ts';
import type { Phase } from './phases.ts';
import type { FlowModule } from './runner.ts';
import { flash, verifyImage, waitApp, waitDownload } from './shared-steps.ts';

/** Feeds the loop detector from the link's bus watch; returns the function that stops it. */
function observeBus(ctx: FlowContext): () => void {
  return ctx.link.watch((s) => {
    const now = ctx.clock.now();
    if (s.downloadLayout) ctx.log('a download-mode device appeared');
    if (s.kind === 'appeared') ctx.detector.appeared(now);
    else ctx.detector.vanished(now);
    // a granted port announces itself: the grant asked for (while it was down) is there already
    if (s.kind === 'appeared' && s.via === 'serial' && ctx.view.prompt?.kind === 'pick-loop-port') ctx.patch({ prompt: null, status: 'running' });
    ctx.patch({ loop: ctx.detector.stats(now) });
  });
}

/**
 * Watches connect/disconnect until the loop is plain (or the user says so) and the port is
 * granted: without a grant the browser hides the module's coming and going, so a catch could
 * never see it appear.
 */
async function watch(ctx: FlowContext): Promise<Phase | void> {
  const stop = observeBus(ctx);
  let catchAsked = false;
  try {
    let granted = await ctx.link.appPortGranted();
    // no grant yet: the user must pick the port while it is up (the chooser lists it then)
    if (!granted) ctx.patch({ status: 'needs-user', prompt: { kind: 'pick-loop-port', catchAsked } });
    for (;;) {
      const looping = ctx.detector.stats(ctx.clock.now()).looping || catchAsked;
      if (looping && granted) break;
      const a = await ctx.ask(['catch', 'in-download'], 1000);
      if (a === 'in-download') {
        ctx.log('the module is already in download mode');
        return 'wait-download';
      }
      // a grant does not go away: once seen, the bus need not be asked again
      if (!granted) granted = await ctx.link.appPortGranted();
      if (a === 'catch' && !catchAsked) {
        catchAsked = true;
        if (!granted) {
          ctx.log('the loop is reported, but the modem’s port is not granted yet: it must be picked while it is up');
          ctx.patch({ status: 'needs-user', prompt: { kind: 'pick-loop-port', catchAsked } });
        }
      }
      ctx.patch({ loop: ctx.detector.stats(ctx.clock.now()) });
    }
    ctx.patch({ loop: ctx.detector.stats(ctx.clock.now()), status: 'running', prompt: null });
  } finally {
    stop();
  }
}

/** Each appearance of the port: open it and repeat AT!BOOTHOLD; after `catchAttempts`, TP1. */
async function catchLoop(ctx: FlowContext): Promise<Phase> {
  const stop = observeBus(ctx);
  try {
    for (;;) {
      if (ctx.view.catchAttempts >= ctx.t.catchAttempts) return 'tp1';
      ctx.patch({ wait: { startedAt: ctx.clock.now(), expectedMs: 15_000, timeoutMs: ctx.t.loopWaitMs } });
      await ctx.link.rememberPresent();
      const appeared = await ctx.link.nextAppearance({ timeoutMs: ctx.t.loopWaitMs, signal: ctx.signal });
      if (appeared === 'aborted') throw ctx.signal.reason;
      if (appeared === 'timeout') {
        // gone quiet: it may already sit in download mode (or be unplugged); let the user reconnect
        ctx.log('the looping port did not come back');
        return 'wait-download';
      }
      ctx.patch({ catchAttempts: ctx.view.catchAttempts + 1 });
      ctx.log(`appearance ${ctx.view.catchAttempts}: sending AT!BOOTHOLD`);
      if (await hammer(ctx, appeared)) {
        // it answered OK: it restarts in boot-and-hold, a new USB identity (one click to grant it)
        ctx.log('AT!BOOTHOLD answered OK: the module restarts in download mode');
        ctx.link.expectExit('boothold');
        return 'wait-download';
      }
      // nothing answered: its AT server never started this time, so it was not caught; wait for
      // the next appearance instead of asking the user to reconnect a device that will not come
      ctx.log(`appearance ${ctx.view.catchAttempts}: nothing answered AT!BOOTHOLD before it went: not caught`);
    }
  } finally {
    stop();
  }
}

/**
 * Opens a port that just appeared and repeats AT!BOOTHOLD until it vanishes. True when the
 * module answered OK (caught: it restarts in download mode), false when nothing answered.
 */
async function hammer(ctx: FlowContext, port: SerialPort): Promise<boolean> {
  let t: Transport;
  try {
    t = await ctx.link.openAppPort(port);
  } catch {
    return false; // gone before we could open it
  }
  const bytes = new TextEncoder().encode('AT!BOOTHOLD\r');
  let heard = '';
  const decoder = new TextDecoder();
  const drain = (async () => {
    try {
      for (;;) heard = (heard + decoder.decode(await t.read(), { stream: true })).slice(-256);
    } catch {
      // ended
    }
  })();
  const limit = ctx.clock.now() + 10_000;
  while (t.state === 'open' && ctx.clock.now() < limit && !ctx.signal.aborted) {
    await t.write(bytes).catch(() => undefined);
    await sleep(ctx.clock, ctx.t.catchRepeatMs, ctx.signal).catch(() => undefined);
  }
  await t.close();
  await drain;
  return /(^|\r|\n)OK\r?\n?/.test(heard) || /\b0\r/.test(heard);
}

async function tp1(ctx: FlowContext): Promise<void> {
  ctx.patch({ status: 'needs-user', prompt: { kind: 'tp1' }, wait: null });
  await ctx.ask(['tp1-done']);
  // the application may not come back after the write while TP1 is still held: the link knows to say so
  ctx.link.noteTp1();
}

/** The user granted the looping module's port (from a click, while it was up). */
export async function pickLoopPort(ctx: FlowContext): Promise<void> {
  if (!(await ctx.link.grantAppPort())) {
    // an empty chooser: the module had gone again by the time it opened (or nothing was picked)
    ctx.log('the chooser closed without the modem’s port');
    ctx.patch({ loopPicksMissed: ctx.view.loopPicksMissed + 1 });
    return;
  }
  ctx.detector.appeared(ctx.clock.now());
  ctx.patch({ prompt: null, status: 'running', loop: ctx.detector.stats(ctx.clock.now()) });
}

export const rescueFlow: FlowModule<FlowContext> = {
  kind: 'rescue',
  phases: {
    start: async () => undefined,
    watch,
    catch: catchLoop,
    tp1,
    'wait-download': waitDownload,
    flash,
    'wait-app': waitApp,
    verify: verifyImage,
  },
};
