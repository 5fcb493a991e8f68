/** Byte sizes for people, in the active language (1 decimal, binary units). */
import { formatNumber } from '../i18n/messages.ts';
import { getLocale } from '../i18n/locale.svelte.ts';

const UNITS = { en: ['bytes', 'KiB', 'MiB', 'GiB'], fr: ['octets', 'Kio', 'Mio', 'Gio'] } as const;

export function formatBytes(n: number): string {
  const units = UNITS[getLocale()];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(u === 0 ? v : Math.round(v * 10) / 10)} ${units[u]}`;
}

export const hexOffset = (n: number) => '0x' + n.toString(16).toUpperCase();
