/**
 * The virtual UART modules for demo mode and e2e: loaded on demand (not in the initial bundle),
 * exposed as `window.__bootholdUart` so tests can inject faults or pull the adapter.
 */
import type { UartRig } from '../../sim/uart/index.ts';

declare global {
  interface Window {
    __bootholdUart?: UartRig;
  }
}

export async function startVirtualUart(profile: 'rc7620' | 'hl7800', speed: number): Promise<UartRig> {
  const sim = await import('../../sim/uart/index.ts');
  window.__bootholdUart?.dispose();
  const rig = sim.createUartRig({ profile, adapter: profile === 'rc7620' ? 'ftdi' : 'native', ...(speed > 1 ? { timeScale: 1 / speed } : {}) });
  window.__bootholdUart = rig;
  return rig;
}
