/**
 * The app's sections. Each is loaded on first visit so the initial bundle stays small
 * (the knowledge tables, the image worker client and the flows are not needed to start).
 */
import type { Component } from 'svelte';
import type { Localized } from '../text/localized.ts';

export interface Section {
  readonly id: string;
  readonly label: Localized;
  readonly load: () => Promise<{ default: Component }>;
  /** Reached from another page's link rather than the navigation bar (keeps the bar on one line). */
  readonly linkedOnly?: true;
}

export const SECTIONS: readonly Section[] = [
  {
    id: 'diagnosis',
    label: { en: 'Check my modem', fr: 'Vérifier mon modem' },
    load: () => import('./diagnosis/DiagnosisPage.svelte'),
  },
  {
    id: 'console',
    label: { en: 'AT console', fr: 'Console AT' },
    load: () => import('./console/ConsolePage.svelte'),
  },
  {
    id: 'flows',
    label: { en: 'Update & rescue', fr: 'Mise à jour et sauvetage' },
    load: () => import('./flows/FlowsPage.svelte'),
  },
  { id: 'flash', label: { en: 'Flash', fr: 'Flasher' }, load: () => import('./flash/FlashPage.svelte') },
  { id: 'uart', label: { en: 'UART', fr: 'UART' }, load: () => import('./uart/UartPage.svelte') },
  {
    id: 'images',
    label: { en: 'Firmware images', fr: 'Images firmware' },
    load: () => import('./images/ImagesPage.svelte'),
  },
  {
    id: 'sessions',
    label: { en: 'Sessions', fr: 'Sessions' },
    load: () => import('./sessions/SessionsPage.svelte'),
  },
  {
    id: 'preflight',
    label: { en: 'Before you connect', fr: 'Avant de connecter' },
    load: () => import('./preflight/PreflightPage.svelte'),
  },
  {
    id: 'policy',
    label: { en: 'Fleet policy', fr: 'Stratégie de parc' },
    linkedOnly: true,
    load: () => import('./preflight/PolicyPage.svelte'),
  },
  {
    id: 'batch',
    label: { en: 'Batch update', fr: 'Mise à jour par lot' },
    load: () => import('./fleet/BatchPage.svelte'),
  },
  {
    id: 'virtual-modem',
    label: { en: 'Virtual modem', fr: 'Modem virtuel' },
    load: () => import('./sim/VirtualModemSection.svelte'),
  },
];

export function sectionFromHash(hash: string): Section {
  const id = hash.replace(/^#\/?/, '');
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
