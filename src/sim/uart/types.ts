/**
 * A module as seen from its UART: what it prints, which update commands it knows, how fast it
 * installs and reboots. RC76xx and HL78xx differ in exactly the places our research marks
 * uncertain (docs/uart-update.md), so those differences are data here.
 */
export type UartFamily = 'rc76' | 'hl78';

export interface PackageVerdict {
  readonly ok: boolean;
  /** The firmware the module runs after installing it. */
  readonly version?: string;
  readonly carrier?: string | null;
}

export interface UartProfile {
  readonly id: string;
  readonly family: UartFamily;
  readonly model: string;
  readonly manufacturer: string;
  readonly imei: string;
  /** The `Revision:` line of ATI and the AT+CGMR answer for a firmware version. */
  revision(version: string): string;
  readonly firmware: string;
  readonly carrier: string | null;
  /** Does this package fit the module (checked when it installs, not before). */
  judge(header: Uint8Array, size: number): PackageVerdict;
  /** Largest package `AT+WDSD=<size>` accepts (`AT+WDSD=?` prints it). */
  readonly wdsdMax: number;
  /** `AT+IPR=?` list. */
  readonly baudRates: readonly number[];
  /** `AT+IFC=2,2` takes effect only after `AT!RESET` (the RC76 forum advice). */
  readonly ifcAfterReset: boolean;
  /** RC76: `AT+WFWUPD` installs the stored package; HL78: `+WDSI: 3` then `AT+WDSR=4`. */
  readonly installCommand: 'wfwupd' | 'wdsr';
  /** How the carrier is read back: RC76 `AT!IMPREF?`, HL78 `AT+KCARRIERCFG?`. */
  readonly carrierCommand: 'impref' | 'kcarriercfg';
  readonly bootMs: number;
  readonly installMs: number;
  /** The module writes flash every `everyBytes` received and stops draining its FIFO meanwhile. */
  readonly flashStall: { readonly everyBytes: number; readonly ms: number };
  /** The start byte after `AT+WDSD`: 'C' (CRC-16) or NAK (8-bit checksum, as Sierra's HL test expects). */
  readonly xmodemStart: 'crc' | 'checksum';
  /** The module's own delay between the end of a block and its ACK. */
  readonly ackLatencyMs: number;
}

export type UartFault =
  /** Line noise: every block after `afterBlocks` arrives corrupted (the module NAKs ten times). */
  | { readonly kind: 'nak-storm'; readonly afterBlocks: number }
  /** The module loses power (or its wires are cut) once `afterBytes` of the package arrived. */
  | { readonly kind: 'cut-mid-transfer'; readonly afterBytes: number; readonly backAfterMs?: number }
  /** Power fails while installing: the module comes back on its old firmware. */
  | { readonly kind: 'power-loss-during-install'; readonly backAfterMs?: number }
  /** The module's own RX pauses longer than its FIFO covers, whatever the rate (a busy host). */
  | { readonly kind: 'long-stalls'; readonly ms: number };
