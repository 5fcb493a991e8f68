/**
 * What to tell the user for each way a connection can fail: a title and numbered next steps.
 * Keyed by ConnectionErrorCode so a new code cannot be added without its explanation.
 */
import type { ConnectionErrorCode } from '../../session/connection/connection-error.ts';
import type { Localized } from '../../text/localized.ts';

export interface ConnectionHelp {
  readonly title: Localized;
  readonly steps: readonly Localized[];
}

const replug: Localized = {
  en: 'Unplug the modem (or its adapter), wait five seconds, plug it back in, then connect again.',
  fr: 'Débranchez le modem (ou son adaptateur), attendez cinq secondes, rebranchez-le, puis reconnectez.',
};

export const CONNECTION_HELP: Record<ConnectionErrorCode, ConnectionHelp> = {
  'port-busy': {
    title: {
      en: 'The port is already open in another program or tab',
      fr: 'Le port est déjà ouvert par un autre programme ou onglet',
    },
    steps: [
      {
        en: 'Close other Boothold tabs and terminal programs (minicom, screen, PuTTY, Arduino IDE) that may hold the port.',
        fr: 'Fermez les autres onglets Boothold et les terminaux (minicom, screen, PuTTY, Arduino IDE) qui peuvent tenir le port.',
      },
      {
        en: 'On Linux, ModemManager probes modem ports: stop it for the session with `sudo systemctl stop ModemManager`.',
        fr: 'Sous Linux, ModemManager sonde les ports des modems : arrêtez-le le temps de la session avec `sudo systemctl stop ModemManager`.',
      },
      replug,
    ],
  },
  'permission-denied': {
    title: { en: 'The system refused access to the port', fr: 'Le système a refusé l’accès au port' },
    steps: [
      {
        en: 'On Linux, add yourself to the dialout group: `sudo usermod -aG dialout $USER`, then log out and back in.',
        fr: 'Sous Linux, ajoutez-vous au groupe dialout : `sudo usermod -aG dialout $USER`, puis fermez et rouvrez la session.',
      },
      {
        en: 'Chromium installed as a snap needs `sudo snap connect chromium:raw-usb`; Flatpak browsers cannot reach USB devices.',
        fr: 'Chromium installé en snap a besoin de `sudo snap connect chromium:raw-usb` ; les navigateurs Flatpak n’accèdent pas aux périphériques USB.',
      },
      {
        en: 'In managed browsers, an administrator policy may block serial ports: ask for this site to be allowed.',
        fr: 'Dans un navigateur géré, une stratégie d’administration peut bloquer les ports série : demandez que ce site soit autorisé.',
      },
    ],
  },
  'device-lost': {
    title: { en: 'The modem went away', fr: 'Le modem a disparu' },
    steps: [
      {
        en: 'If you just reset it or sent AT!BOOTHOLD, this is expected: it comes back in a few seconds with a new port.',
        fr: 'Si vous venez de le réinitialiser ou d’envoyer AT!BOOTHOLD, c’est normal : il revient dans quelques secondes avec un nouveau port.',
      },
      {
        en: 'Check the cable and use a port directly on the computer (no unpowered hub): modems draw bursts of current.',
        fr: 'Vérifiez le câble et utilisez un port directement sur l’ordinateur (pas de hub non alimenté) : les modems consomment des pointes de courant.',
      },
      replug,
    ],
  },
  'no-at-answer': {
    title: { en: 'The port opened but nothing answered AT', fr: 'Le port s’est ouvert mais rien n’a répondu à AT' },
    steps: [
      {
        en: 'A Sierra module shows several ports; pick the AT port (on RC76xx it is USB interface 3, often the third port listed, /dev/ttyUSB2 on Linux).',
        fr: 'Un module Sierra présente plusieurs ports ; choisissez le port AT (sur RC76xx l’interface USB 3, souvent le troisième port listé, /dev/ttyUSB2 sous Linux).',
      },
      {
        en: 'If the module shows a single port, it is in download (boot-and-hold) mode: use the Flash or Rescue section instead.',
        fr: 'Si le module ne présente qu’un seul port, il est en mode téléchargement (boot-and-hold) : utilisez plutôt la rubrique Flasher ou Secours.',
      },
      {
        en: 'If the port keeps appearing and vanishing, the module may be in a boot loop: see the Rescue section.',
        fr: 'Si le port apparaît et disparaît sans cesse, le module est peut-être en boucle de redémarrage : voir la rubrique Secours.',
      },
    ],
  },
  'claim-failed': {
    title: { en: 'Another driver holds the device', fr: 'Un autre pilote tient le périphérique' },
    steps: [
      {
        en: 'On Linux the qcserial driver claims Sierra ports; use the serial (WebSerial) path, which works with it.',
        fr: 'Sous Linux le pilote qcserial prend les ports Sierra ; utilisez la voie série (WebSerial), qui fonctionne avec lui.',
      },
      {
        en: 'On Windows, WebUSB needs the WinUSB driver for this device (Zadig, download-mode identity only).',
        fr: 'Sous Windows, WebUSB a besoin du pilote WinUSB pour ce périphérique (Zadig, identité du mode téléchargement uniquement).',
      },
    ],
  },
  'no-suitable-interface': {
    title: { en: 'This device has no interface Boothold can use', fr: 'Ce périphérique n’a pas d’interface utilisable par Boothold' },
    steps: [
      {
        en: 'Check that the device is a Sierra Wireless module (USB vendor 1199) and pick it again.',
        fr: 'Vérifiez qu’il s’agit bien d’un module Sierra Wireless (fabricant USB 1199) et choisissez-le à nouveau.',
      },
    ],
  },
  'transfer-stall': {
    title: { en: 'The device stalled a transfer', fr: 'Le périphérique a bloqué un transfert' },
    steps: [replug],
  },
  'transfer-babble': {
    title: { en: 'The device sent more data than expected', fr: 'Le périphérique a envoyé plus de données que prévu' },
    steps: [replug],
  },
  'line-error': {
    title: { en: 'Serial line errors', fr: 'Erreurs sur la ligne série' },
    steps: [
      {
        en: 'On a UART link, check the baud rate and hardware flow control (AT+IFC=2,2).',
        fr: 'Sur une liaison UART, vérifiez le débit et le contrôle de flux matériel (AT+IFC=2,2).',
      },
    ],
  },
  'api-unavailable': {
    title: { en: 'This browser cannot reach serial ports', fr: 'Ce navigateur n’accède pas aux ports série' },
    steps: [
      {
        en: 'Use Chrome, Edge or another Chromium browser on a computer, over HTTPS or localhost.',
        fr: 'Utilisez Chrome, Edge ou un autre navigateur Chromium sur un ordinateur, en HTTPS ou sur localhost.',
      },
    ],
  },
  io: {
    title: { en: 'The port reported an error', fr: 'Le port a signalé une erreur' },
    steps: [replug],
  },
};
