/**
 * The browser's way back to a module after its reset: wait for a serial port this page was
 * already granted (Chrome lists it again when the module re-enumerates in application mode),
 * and read it over AT. Ports are tried in turn: a module exposes several (DM, NMEA, AT) and only
 * the AT one answers `AT`. Nothing is asked of the user — a page that was never granted the
 * module's AT port cannot reach it, and the job then says "written, not verified".
 */
import { openWebSerial } from '../../transport/web-serial.ts';
import { readFactsOver, type ReadBack, type ReadBackFacts } from './read-back.ts';

export type SerialLike = Pick<Serial, 'getPorts' | 'addEventListener' | 'removeEventListener'>;

const SIERRA = 0x1199;

/** How long one port gets to answer `AT` before the next is tried (ms). */
const PER_PORT_MS = 4000;

function isSierra(p: SerialPort): boolean {
  return p.getInfo().usbVendorId === SIERRA;
}

/** Whether this page holds a grant for any Sierra serial port right now (the read-back's precondition). */
export async function hasGrantedSierraPort(serial: SerialLike | null): Promise<boolean> {
  if (!serial) return false;
  return (await serial.getPorts().catch(() => [] as SerialPort[])).some(isSierra);
}

/** `skip`: ports not to try (the download port itself, when it was a serial port). */
export function serialReadBack(serial: SerialLike, options: { skip?: ReadonlySet<SerialPort>; pollMs?: number } = {}): ReadBack {
  return async (signal) => {
    const poll = options.pollMs ?? 500;
    let wake: (() => void) | null = null;
    const onConnect = () => wake?.();
    serial.addEventListener('connect', onConnect);
    try {
      while (!signal.aborted) {
        const ports = (await serial.getPorts().catch(() => [] as SerialPort[])).filter((p) => isSierra(p) && !options.skip?.has(p));
        for (const port of ports) {
          if (signal.aborted) break;
          const facts = await tryPort(port, signal);
          if (facts) return facts;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, poll);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          signal.addEventListener('abort', () => wake?.(), { once: true });
        });
        wake = null;
      }
      return null;
    } finally {
      serial.removeEventListener('connect', onConnect);
    }
  };
}

async function tryPort(port: SerialPort, signal: AbortSignal): Promise<ReadBackFacts | null> {
  let transport;
  try {
    transport = await openWebSerial(port);
  } catch {
    return null; // another program holds it, or it went again: the next one
  }
  // A port that never answers AT (DM, NMEA) gets PER_PORT_MS; a module still booting is
  // waited for by trying the ports again on the next round. readFactsOver closes the port.
  const facts = await readFactsOver(transport, signal, { firstAnswerMs: PER_PORT_MS });
  return facts && (facts.firmwareVersion || facts.carrier || facts.model) ? facts : null;
}
