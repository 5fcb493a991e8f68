/**
 * The public documents behind the knowledge tables, as users are shown them: a title and a URL
 * they can open. The tables keep their precise working references (a section of our research
 * notes, a forum topic number); `publicSources` turns one into the public documents it names and
 * drops what only exists in this repository, so no screen or report ever shows a path of ours.
 */
export interface PublicSource {
  readonly title: string;
  readonly url: string;
}

const D = {
  ts27007: { title: '3GPP TS 27.007 — AT command set for User Equipment', url: 'https://www.3gpp.org/DynaReport/27007.htm' },
  ts27005: { title: '3GPP TS 27.005 — DTE-DCE interface for SMS and CBS', url: 'https://www.3gpp.org/DynaReport/27005.htm' },
  ts24301: { title: '3GPP TS 24.301 — NAS protocol for EPS (EMM/ESM causes)', url: 'https://www.3gpp.org/DynaReport/24301.htm' },
  qmiErrors: { title: 'libqmi-glib reference — Errors (QmiCoreError, QmiProtocolError)', url: 'https://www.freedesktop.org/software/libqmi/libqmi-glib/latest/libqmi-glib-Errors.html' },
  qfu: { title: 'libqmi — qmi-firmware-update manual page', url: 'https://www.freedesktop.org/software/libqmi/man/latest/qmi-firmware-update.1.html' },
  mmErrors: { title: 'ModemManager — error domains (MMMobileEquipmentError, MMMessageError)', url: 'https://www.freedesktop.org/software/ModemManager/api/latest/ModemManager-Errors.html' },
  mmSierra: { title: 'ModemManager (its Sierra Wireless plugin)', url: 'https://modemmanager.org/docs/modemmanager/' },
  danielewood: { title: 'danielewood/sierra-wireless-modems — community notes on Sierra modules', url: 'https://github.com/danielewood/sierra-wireless-modems' },
  johnofleek: { title: 'johnofleek/SierraWireless_modemSupport — RC76xx notes', url: 'https://github.com/johnofleek/SierraWireless_modemSupport' },
  liteFw: { title: 'Sierra Wireless MBPL SDK — lite-fw download tool (public copy)', url: 'https://github.com/bryan-soriano-tek/Vms-seco' },
  mbpl: { title: 'Sierra Wireless — MBPL software (firmware download tools)', url: 'https://source.sierrawireless.com/resources/airprime/software/mbpl/mbpl-software-latest/' },
  rc76r10: { title: 'Sierra Wireless — RC76xx firmware Release 10', url: 'https://source.sierrawireless.com/resources/airprime/software/rc76xx/rc76xx-firmware-release-10,-d-,0/' },
  rc76r8: { title: 'Sierra Wireless — RC76xx firmware Release 8', url: 'https://source.sierrawireless.com/resources/airprime/software/rc76xx/rc76xx-firmware-release-8/' },
  forum: { title: 'Sierra Wireless forum', url: 'https://forum.sierrawireless.com/' },
  errno: { title: 'Linux errno(3) manual page', url: 'https://man7.org/linux/man-pages/man3/errno.3.html' },
  usbSerial: { title: 'Linux kernel — USB serial drivers (qcserial, option)', url: 'https://docs.kernel.org/usb/usb-serial.html' },
  webSerial: { title: 'W3C WICG — Web Serial API', url: 'https://wicg.github.io/serial/' },
  webUsb: { title: 'W3C WICG — WebUSB API', url: 'https://wicg.github.io/webusb/' },
  chromePolicy: { title: 'Chrome Enterprise policy list', url: 'https://chromeenterprise.google/policies/' },
  zadig: { title: 'Zadig — USB driver installation for Windows', url: 'https://zadig.akeo.ie/' },
  mbpi: { title: 'GNOME mobile-broadband-provider-info (APN database)', url: 'https://gitlab.gnome.org/GNOME/mobile-broadband-provider-info' },
} as const satisfies Record<string, PublicSource>;

/** Which words of a working reference name which public document. */
const RULES: readonly (readonly [RegExp, PublicSource])[] = [
  [/27\.007|\+C(?:PIN|FUN|REG|GREG|EREG|ME)\b/, D.ts27007],
  [/27\.005|\+CMS\b/, D.ts27005],
  [/24\.301|CEER|EMM cause|ESM cause/i, D.ts24301],
  [/QmiProtocolError|QmiCoreError|qmi-errors|libqmi QMI|QMI 14|CallFailed/, D.qmiErrors],
  [/qmi-firmware-update|qfu-|Sahara|Firehose|QDL/i, D.qfu],
  [/ModemManager|MMMobileEquipmentError|MMMessageError/, D.mmErrors],
  [/!SELRAT|!GSTATUS|sierra plugin/i, D.mmSierra],
  [/danielewood|Sierra-Linux-QMI-SDK/, D.danielewood],
  [/johnofleek|RPi_SierraWireless_PPP/, D.johnofleek],
  [/lite-fw|litefw|fwdwl|MBPL/i, D.liteFw],
  [/FDT2|firmware download tool/i, D.mbpl],
  [/errno|EBUSY/, D.errno],
  [/qcserial|kernel|dmesg|usb_wwan|option driver/i, D.usbSerial],
  [/WebSerial|Web Serial/i, D.webSerial],
  [/WebUSB/i, D.webUsb],
  [/policy|enterprise/i, D.chromePolicy],
  [/Zadig|WinUSB/i, D.zadig],
  [/mobile-broadband-provider-info|APN database/i, D.mbpi],
];

/** Forum topics are cited by number ("forum 28078"); Discourse resolves /t/<number>. */
function forumTopics(ref: string): PublicSource[] {
  const out: PublicSource[] = [];
  for (const m of ref.matchAll(/forum\s+((?:\d{4,6}(?:\s*,\s*)?)+)/gi)) {
    for (const n of m[1]!.split(/\s*,\s*/).filter(Boolean)) out.push({ title: `Sierra Wireless forum, topic ${n}`, url: `https://forum.sierrawireless.com/t/${n}` });
  }
  return out;
}

/**
 * The public documents a working reference cites, in order, each once. A reference that names
 * only our own notes or the virtual modem gets the vendor's forum, where such cases are discussed.
 */
export function publicSources(ref: string): PublicSource[] {
  const found: PublicSource[] = [...forumTopics(ref)];
  for (const [re, doc] of RULES) if (re.test(ref)) found.push(doc);
  const seen = new Set<string>();
  const unique = found.filter((d) => !seen.has(d.url) && seen.add(d.url));
  return unique.length ? unique : [D.forum];
}

/** The documents as one line of text, for reports and the command line. */
export function publicSourcesText(ref: string): string {
  return publicSources(ref)
    .map((d) => `${d.title} <${d.url}>`)
    .join('; ');
}

/** Everything a rendered source must never contain: a path or a section of this repository. */
export const INTERNAL_REFERENCE = /src\/|\.ts\b|\.md\b|§|research\/|at-knowledge|protocol-spec|anchors-web-flashers/;

export const PUBLIC_DOCUMENTS: readonly PublicSource[] = Object.values(D);
