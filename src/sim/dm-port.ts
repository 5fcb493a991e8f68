import { HdlcDecoder, hdlcEncode } from '../codec/hdlc.ts';
import type { DeviceEndpoint, DeviceLink } from '../transport/device-endpoint.ts';

/** DIAG "switch to downloader" (protocol-spec §4.3 E: `3A A1`, HDLC framed). */
const DIAG_DLOAD = 0x3a;
/** DIAG "bad command": the reply echoes the request after this byte. */
const DIAG_BAD_COMMAND = 0x13;

/**
 * The DM/DIAG function of an application-mode module. It understands HDLC frames: the
 * download switch (0x3A) sends the module to boot-and-hold, anything else gets DIAG's
 * bad-command reply with the request echoed — which is what a host probing for QDL on the
 * wrong port sees ("unexpected response received in dload sdp: 0x13"). Bytes outside frames
 * (AT typed on the wrong port) are swallowed silently.
 */
export function createDmEndpoint(onDload: () => void): DeviceEndpoint {
  let link: DeviceLink | null = null;
  const decoder = new HdlcDecoder();
  return {
    open(l) {
      link = l;
      decoder.reset();
    },
    receive(data) {
      for (const item of decoder.push(data)) {
        if (!item.ok || item.payload.length === 0) continue;
        const req = item.payload;
        if (req[0] === DIAG_DLOAD) {
          link?.send(hdlcEncode(Uint8Array.of(DIAG_DLOAD)));
          onDload();
          continue;
        }
        const reply = new Uint8Array(req.length + 1);
        reply[0] = DIAG_BAD_COMMAND;
        reply.set(req, 1);
        link?.send(hdlcEncode(reply));
      }
    },
    close() {
      link = null;
    },
  };
}
