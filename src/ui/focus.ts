/**
 * Where the keyboard focus went. When the control that had it is removed or disabled, the
 * browser parks the focus on <body>: a keyboard user is then back at the top of the page.
 * Components that replace what the user just pressed hand the focus on, but only when it was
 * lost: focus the user put elsewhere is left alone.
 */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body;
}

export function refocusIfLost(target: HTMLElement | null | undefined): void {
  if (focusIsLost()) target?.focus();
}
