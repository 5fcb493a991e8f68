/**
 * Which Sierra commands sit behind the `AT!ENTERCND` password gate, and the community default
 * password. Source: /work/shared/research/at-knowledge.md §6 (danielewood/sierra-wireless-modems
 * README, the `at/em7455-dell_*autoflash*` transcript, Sierra staff forum answers).
 *
 * `confirmed` marks commands seen answering a bare `ERROR` while locked; the others are
 * setters the published procedures always unlock before, so the need is inferred.
 */
export interface GatedCommand {
  /** Command name as parsed (`!USBCOMP`). */
  readonly name: string;
  /** Which forms are gated. */
  readonly forms: readonly ('read' | 'test' | 'set' | 'execute')[];
  readonly confirmed: boolean;
}

/** Default unlock password published for EM/MC74xx, EM75xx and WP modules; likely on RC76xx [I]. */
export const DEFAULT_ENTERCND_PASSWORD = 'A710';

export const GATED_COMMANDS: readonly GatedCommand[] = [
  { name: '!USBCOMP', forms: ['read', 'test', 'set'], confirmed: true },
  { name: '!USBVID', forms: ['read', 'set'], confirmed: true },
  { name: '!USBPID', forms: ['read', 'set'], confirmed: true },
  { name: '!USBPRODUCT', forms: ['read', 'set'], confirmed: true },
  { name: '!USBSPEED', forms: ['read', 'test', 'set'], confirmed: true },
  { name: '!IMPREF', forms: ['set'], confirmed: false },
  { name: '!GOBIIMPREF', forms: ['set'], confirmed: false },
  { name: '!PRIID', forms: ['set'], confirmed: false },
  { name: '!CUSTOM', forms: ['set'], confirmed: false },
  { name: '!PCOFFEN', forms: ['set'], confirmed: false },
  { name: '!BAND', forms: ['set'], confirmed: false },
  // Some EM7455 units refused AT!BOOTHOLD until unlocked (protocol-spec §4.3 D).
  { name: '!BOOTHOLD', forms: ['execute'], confirmed: false },
];

export const GATE_SOURCE = 'at-knowledge.md §6 (AT!ENTERCND)';

export function isGated(name: string, form: 'read' | 'test' | 'set' | 'execute'): boolean {
  return GATED_COMMANDS.some((g) => g.name === name && g.forms.includes(form));
}
