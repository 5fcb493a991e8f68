/**
 * The app's sections. Each is loaded on first visit so the initial bundle stays small
 * (the knowledge tables, the image worker client and the flows are not needed to start).
 */
import type { Component } from 'svelte';
import type { shellMessages } from './shell/messages.ts';

/** A section's name in the navigation: a key of the chrome's catalogue. */
export type SectionLabel = Extract<Parameters<typeof shellMessages.t>[0], `section_${string}`>;

export interface Section {
  readonly id: string;
  readonly label: SectionLabel;
  readonly load: () => Promise<{ default: Component }>;
  /** Reached from another page's link rather than the navigation bar (keeps the bar on one line). */
  readonly linkedOnly?: true;
}

export const SECTIONS: readonly Section[] = [
  {
    id: 'diagnosis',
    label: 'section_diagnosis',
    load: () => import('./diagnosis/DiagnosisPage.svelte'),
  },
  {
    id: 'console',
    label: 'section_console',
    load: () => import('./console/ConsolePage.svelte'),
  },
  {
    id: 'flows',
    label: 'section_flows',
    load: () => import('./flows/FlowsPage.svelte'),
  },
  { id: 'flash', label: 'section_flash', load: () => import('./flash/FlashPage.svelte') },
  { id: 'uart', label: 'section_uart', load: () => import('./uart/UartPage.svelte') },
  {
    id: 'images',
    label: 'section_images',
    load: () => import('./images/ImagesPage.svelte'),
  },
  {
    id: 'sessions',
    label: 'section_sessions',
    load: () => import('./sessions/SessionsPage.svelte'),
  },
  {
    id: 'preflight',
    label: 'section_preflight',
    load: () => import('./preflight/PreflightPage.svelte'),
  },
  {
    id: 'policy',
    label: 'section_policy',
    linkedOnly: true,
    load: () => import('./preflight/PolicyPage.svelte'),
  },
  {
    id: 'batch',
    label: 'section_batch',
    load: () => import('./fleet/BatchPage.svelte'),
  },
  {
    id: 'virtual-modem',
    label: 'section_virtual_modem',
    load: () => import('./sim/VirtualModemSection.svelte'),
  },
];

export function sectionFromHash(hash: string): Section {
  const id = hash.replace(/^#\/?/, '');
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
