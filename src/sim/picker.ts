import type { Attachment } from './attachment.ts';

/** One line of the simulated Chrome chooser. */
export interface PickerCandidate {
  readonly api: 'serial' | 'usb';
  readonly label: string;
  readonly modemId: string;
  readonly vendorId: number;
  readonly productId: number;
  /** The USB function behind a serial port; null for a whole USB device. */
  readonly function: string | null;
  readonly interfaceNumber: number | null;
  readonly mode: Attachment['mode'];
}

/**
 * What the simulated picker does on the next request:
 * `'auto'` picks the port a user would pick (the AT port in application mode, the download
 * port in download mode), `'first'` the first line, `'cancel'` closes the chooser, a number
 * picks that line, a function decides (it may be async: the panel shows its own chooser).
 */
export type PickerChoice =
  | 'auto'
  | 'first'
  | 'cancel'
  | number
  | ((candidates: readonly PickerCandidate[]) => number | 'cancel' | Promise<number | 'cancel'>);

export interface PickerRecord {
  readonly api: 'serial' | 'usb';
  readonly candidates: readonly PickerCandidate[];
  readonly chosen: number | null;
}

/** The chooser both fake APIs share. Tests set `next`; the app may set `default` to a function. */
export class Picker {
  /** Used once, by the next request. */
  next: PickerChoice | null = null;
  /** Used when `next` is unset. */
  default: PickerChoice = 'auto';
  readonly history: PickerRecord[] = [];
  /**
   * Chrome refuses to show a chooser without a recent user gesture (SecurityError). Off by
   * default; turn it on to catch flows that await too long between the click and the request.
   */
  requireUserGesture = false;

  /** Throws Chrome's SecurityError when a gesture is required and the page has none. */
  checkGesture(api: 'serial' | 'usb'): void {
    if (!this.requireUserGesture) return;
    const activation = (globalThis.navigator as (Navigator & { userActivation?: { isActive: boolean } }) | undefined)?.userActivation;
    if (activation && !activation.isActive) {
      const method = api === 'serial' ? "'requestPort' on 'Serial'" : "'requestDevice' on 'USB'";
      throw new DOMException(`Failed to execute ${method}: Must be handling a user gesture to show a permission request.`, 'SecurityError');
    }
  }

  async choose(api: 'serial' | 'usb', candidates: readonly PickerCandidate[]): Promise<number | null> {
    const choice = this.next ?? this.default;
    this.next = null;
    let chosen: number | null;
    if (choice === 'cancel') chosen = null;
    else if (choice === 'first') chosen = candidates.length ? 0 : null;
    else if (choice === 'auto') chosen = autoChoice(candidates);
    else if (typeof choice === 'number') chosen = choice >= 0 && choice < candidates.length ? choice : null;
    else {
      const r = await choice(candidates);
      chosen = r === 'cancel' || r < 0 || r >= candidates.length ? null : r;
    }
    this.history.push({ api, candidates, chosen });
    return chosen;
  }
}

function autoChoice(candidates: readonly PickerCandidate[]): number | null {
  if (!candidates.length) return null;
  const prefer = ['at', 'download'];
  for (const fn of prefer) {
    const i = candidates.findIndex((c) => c.function === fn);
    if (i >= 0) return i;
  }
  return 0;
}
