/**
 * The preflight: what to check on this system before the first port picker, and again after a
 * connection error. Each step is data with its source; commands are shown as copyable text.
 * Sources: anchors-web-flashers §4 (a)–(c), §5 lessons 1–2; protocol-spec §4.1–4.2.
 */
import { l, type Localized } from '../../text/localized.ts';
import type { PreflightOs } from './os.ts';

export type PreflightStepId =
  | 'data-cable'
  | 'direct-port'
  | 'close-others'
  | 'linux-dialout'
  | 'linux-modemmanager'
  | 'linux-udev'
  | 'linux-snap-flatpak'
  | 'linux-qcserial'
  | 'windows-sierra-driver'
  | 'windows-zadig'
  | 'windows-undo-zadig'
  | 'macos-serial'
  | 'chromeos-serial'
  | 'android-no-serial'
  | 'device-log';

export interface PreflightStep {
  readonly id: PreflightStepId;
  readonly title: Localized;
  readonly text: Localized;
  /** Shell commands or file content to copy, in order. */
  readonly code?: readonly string[];
  /** Connection error codes this step answers (shown first after that error). */
  readonly fixes: readonly string[];
  readonly source: string;
}

/** The udev rule that lets the logged-in user open Sierra and Qualcomm download devices (WebUSB needs /dev/bus/usb rw). */
export const UDEV_RULE = [
  '# /etc/udev/rules.d/70-boothold.rules — Sierra Wireless modules and the Qualcomm download identity',
  'SUBSYSTEM=="usb", ATTR{idVendor}=="1199", TAG+="uaccess", ENV{ID_MM_DEVICE_IGNORE}="1"',
  'SUBSYSTEM=="usb", ATTR{idVendor}=="05c6", ATTR{idProduct}=="9008", TAG+="uaccess", ENV{ID_MM_DEVICE_IGNORE}="1"',
  'SUBSYSTEM=="tty", ATTRS{idVendor}=="1199", TAG+="uaccess", ENV{ID_MM_DEVICE_IGNORE}="1"',
].join('\n');

export const EVERYONE: readonly PreflightStep[] = [
  {
    id: 'data-cable',
    title: l('Use a data cable', 'Utilisez un câble de données'),
    text: l(
      'Many USB cables only carry power. If no port appears in the chooser, try another cable — ideally the one that came with the carrier board.',
      'Beaucoup de câbles USB ne transportent que le courant. Si aucun port n’apparaît dans la liste, essayez un autre câble — idéalement celui fourni avec la carte porteuse.',
    ),
    fixes: ['device-lost', 'no-at-answer'],
    source: 'anchors-web-flashers §3 (what users complain about), §5 lesson 2',
  },
  {
    id: 'direct-port',
    title: l('Plug into the computer directly', 'Branchez directement sur l’ordinateur'),
    text: l(
      'A hub or a front-panel port may not give the module enough current: it then resets under load (a data call, a flash). Use a port on the computer itself.',
      'Un hub ou un port en façade peut ne pas fournir assez de courant : le module redémarre alors sous charge (appel data, flash). Utilisez un port de l’ordinateur lui-même.',
    ),
    fixes: ['device-lost'],
    source: 'anchors-web-flashers §5 lesson 2',
  },
  {
    id: 'close-others',
    title: l('Close other programs and tabs', 'Fermez les autres programmes et onglets'),
    text: l(
      'Only one program can hold a port: close terminals (minicom, PuTTY), Sierra’s own tools, other Boothold tabs and any other web page using serial or USB.',
      'Un seul programme peut tenir un port : fermez les terminaux (minicom, PuTTY), les outils Sierra, les autres onglets Boothold et toute page web utilisant le port série ou l’USB.',
    ),
    fixes: ['port-busy', 'claim-failed'],
    source: 'anchors-web-flashers §5 lesson 3',
  },
  {
    id: 'device-log',
    title: l('When it still fails: the device log', 'Si cela échoue encore : le journal des périphériques'),
    text: l(
      'Open about://device-log and about://usb-internals in another tab: they show which driver Chrome found on the device. Attach them to a support request.',
      'Ouvrez about://device-log et about://usb-internals dans un autre onglet : ils indiquent le pilote que Chrome a trouvé sur le périphérique. Joignez-les à une demande d’assistance.',
    ),
    code: ['about://device-log', 'about://usb-internals'],
    fixes: ['claim-failed', 'permission-denied', 'io'],
    source: 'anchors-web-flashers §4 other facts (comma README)',
  },
];

export const LINUX: readonly PreflightStep[] = [
  {
    id: 'linux-dialout',
    title: l('Be in the dialout group', 'Faites partie du groupe dialout'),
    text: l(
      'Serial ports (/dev/ttyUSB*) belong to the dialout group. Add yourself, then log out and back in.',
      'Les ports série (/dev/ttyUSB*) appartiennent au groupe dialout. Ajoutez-vous-y, puis fermez et rouvrez la session.',
    ),
    code: ['sudo usermod -aG dialout "$USER"', 'groups   # dialout must be listed after logging in again'],
    fixes: ['permission-denied'],
    source: 'README (Browsers and systems); anchors-web-flashers §5 lesson 2',
  },
  {
    id: 'linux-modemmanager',
    title: l('Keep ModemManager off the module', 'Éloignez ModemManager du module'),
    text: l(
      'ModemManager probes every new modem port with its own AT commands and holds it: the port is then busy, and answers get mixed. Stop it while you work, or tell it to ignore Sierra devices (the udev rule below does that with ID_MM_DEVICE_IGNORE).',
      'ModemManager sonde chaque nouveau port modem avec ses propres commandes AT et le garde : le port est alors occupé et les réponses se mélangent. Arrêtez-le pendant l’intervention, ou demandez-lui d’ignorer les appareils Sierra (la règle udev ci-dessous le fait avec ID_MM_DEVICE_IGNORE).',
    ),
    code: ['sudo systemctl stop ModemManager', '# afterwards: sudo systemctl start ModemManager', '# or, for one modem, while you work: mmcli -m any --inhibit'],
    fixes: ['port-busy', 'no-at-answer'],
    source: 'anchors-web-flashers §4 (a) other claimants (ModemManager; libqmi refuses to run while it is active)',
  },
  {
    id: 'linux-udev',
    title: l('Allow the browser to open the download device (udev rule)', 'Autorisez le navigateur à ouvrir le périphérique de téléchargement (règle udev)'),
    text: l(
      'WebUSB needs read/write access to /dev/bus/usb/…; without it Chrome reports “Access denied”. Save this rule, then reload udev and replug the module.',
      'WebUSB a besoin d’un accès en lecture/écriture à /dev/bus/usb/… ; sans lui Chrome signale « Access denied ». Enregistrez cette règle, rechargez udev et rebranchez le module.',
    ),
    code: [UDEV_RULE, 'sudo udevadm control --reload-rules && sudo udevadm trigger'],
    fixes: ['permission-denied', 'claim-failed'],
    source: 'anchors-web-flashers §4 (a) (commaai/flash#108/#215: udev rule needed for open())',
  },
  {
    id: 'linux-snap-flatpak',
    title: l('Snap or Flatpak Chromium: grant raw USB', 'Chromium en Snap ou Flatpak : autorisez l’USB brut'),
    text: l(
      'A sandboxed Chromium cannot see USB devices until it is allowed to. Snap: connect the raw-usb interface. Flatpak: give it the USB devices, or use a browser installed from your distribution’s packages or Google’s .deb.',
      'Un Chromium en bac à sable ne voit pas les périphériques USB tant qu’on ne l’y autorise pas. Snap : connectez l’interface raw-usb. Flatpak : donnez-lui les périphériques USB, ou utilisez un navigateur installé depuis les paquets de la distribution ou le .deb de Google.',
    ),
    code: ['sudo snap connect chromium:raw-usb', 'flatpak override --user --device=all com.google.Chrome'],
    fixes: ['permission-denied', 'api-unavailable'],
    source: 'anchors-web-flashers §4 (a) (pybricks/support#428: snap connect chromium:raw-usb)',
  },
  {
    id: 'linux-qcserial',
    title: l('The qcserial driver and the download port', 'Le pilote qcserial et le port de téléchargement'),
    text: l(
      'In download mode Linux binds qcserial to the module’s single interface and makes it a /dev/ttyUSB port. Chrome on Linux does not detach a kernel driver, so WebUSB then fails to claim the interface. Boothold avoids the fight: it can flash through that serial port (WebSerial). Only if you want WebUSB, unbind qcserial first.',
      'En mode téléchargement, Linux attache qcserial à l’unique interface du module et en fait un port /dev/ttyUSB. Chrome sous Linux ne détache pas un pilote noyau : WebUSB ne peut alors pas réclamer l’interface. Boothold évite ce conflit : il peut flasher par ce port série (WebSerial). Seulement si vous voulez WebUSB, détachez d’abord qcserial.',
    ),
    code: ['for d in /sys/bus/usb/drivers/qcserial/*:*; do echo -n "${d##*/}" | sudo tee /sys/bus/usb/drivers/qcserial/unbind; done'],
    fixes: ['claim-failed'],
    source: 'anchors-web-flashers §4 (a) (usb_device_handle_usbfs.cc: no detach on desktop Linux; kernel qcserial.c); protocol-spec §4.2 browser note',
  },
];

export const WINDOWS: readonly PreflightStep[] = [
  {
    id: 'windows-sierra-driver',
    title: l('Sierra’s driver for the AT port', 'Le pilote Sierra pour le port AT'),
    text: l(
      'WebSerial sees a port only when Windows made it a COM port. Install Sierra Wireless’s Windows driver package (the “Generic Driver” for your module); the AT port then appears as “Sierra Wireless … AT Command Port (COMn)”. Ports listed under “Modems” rather than “Ports (COM & LPT)” may not appear in Chrome’s chooser.',
      'WebSerial ne voit un port que si Windows en a fait un port COM. Installez le paquet de pilotes Windows de Sierra Wireless (le « Generic Driver » de votre module) ; le port AT apparaît alors comme « Sierra Wireless … AT Command Port (COMn) ». Les ports listés sous « Modems » plutôt que « Ports (COM et LPT) » peuvent ne pas apparaître dans la liste de Chrome.',
    ),
    fixes: ['no-at-answer', 'device-lost', 'io'],
    source: 'anchors-web-flashers §4 (b) (serial_device_enumerator_win.cc; serial-terminal#62)',
  },
  {
    id: 'windows-zadig',
    title: l('WinUSB for the download-mode identity only (Zadig)', 'WinUSB pour l’identité du mode téléchargement uniquement (Zadig)'),
    text: l(
      'Chrome reaches USB interfaces on Windows only through WinUSB. Put the module in download mode, open Zadig, Options → List All Devices, pick the entry with the download VID:PID (RC76xx: 1199:68C0 with one interface; EM74xx: 1199:9078 or 907A; EM75xx: 1199:9090), choose WinUSB and install. Leave the application-mode entries (the AT port) on Sierra’s driver.',
      'Sous Windows, Chrome n’accède aux interfaces USB qu’au travers de WinUSB. Mettez le module en mode téléchargement, ouvrez Zadig, Options → List All Devices, choisissez l’entrée du VID:PID de téléchargement (RC76xx : 1199:68C0 avec une seule interface ; EM74xx : 1199:9078 ou 907A ; EM75xx : 1199:9090), sélectionnez WinUSB et installez. Laissez les entrées du mode application (le port AT) sur le pilote Sierra.',
    ),
    fixes: ['claim-failed', 'permission-denied'],
    source: 'anchors-web-flashers §4 (b) (WinUSB requirement; Zadig/libwdi; a new PID is a new device)',
  },
  {
    id: 'windows-undo-zadig',
    title: l('Undo WinUSB afterwards', 'Annuler WinUSB ensuite'),
    text: l(
      'WinUSB on the download identity may stop Sierra’s own Windows updater from seeing the module. To undo: Device Manager → the device (in download mode) → Uninstall device, tick “Delete the driver software for this device”, then replug; Windows puts Sierra’s driver back.',
      'WinUSB sur l’identité de téléchargement peut empêcher l’outil de mise à jour Windows de Sierra de voir le module. Pour annuler : Gestionnaire de périphériques → le périphérique (en mode téléchargement) → Désinstaller l’appareil, cochez « Supprimer le pilote », puis rebranchez ; Windows remet le pilote Sierra.',
    ),
    fixes: [],
    source: 'anchors-web-flashers §4 (b) (binding WinUSB may break vendor tools: plan an undo)',
  },
];

export const MACOS: readonly PreflightStep[] = [
  {
    id: 'macos-serial',
    title: l('No driver to install', 'Aucun pilote à installer'),
    text: l(
      'macOS exposes the modem’s serial functions as /dev/cu.* ports and leaves the download interface free for WebUSB. If no port appears, check the cable and unplug other USB modems.',
      'macOS expose les fonctions série du modem en ports /dev/cu.* et laisse l’interface de téléchargement libre pour WebUSB. Si aucun port n’apparaît, vérifiez le câble et débranchez les autres modems USB.',
    ),
    fixes: ['no-at-answer'],
    source: 'anchors-web-flashers §1 (feature comparison), §4 (c)',
  },
];

export const CHROMEOS: readonly PreflightStep[] = [
  {
    id: 'chromeos-serial',
    title: l('ChromeOS detaches drivers for you', 'ChromeOS détache les pilotes pour vous'),
    text: l(
      'On ChromeOS the permission broker detaches a kernel driver when WebUSB claims an interface, so both paths work. On a managed Chromebook, the serial and USB policies apply only to affiliated users: ask your administrator for the policy below.',
      'Sous ChromeOS, le permission broker détache le pilote noyau quand WebUSB réclame une interface : les deux chemins fonctionnent. Sur un Chromebook géré, les stratégies série et USB ne s’appliquent qu’aux utilisateurs affiliés : demandez à votre administrateur la stratégie ci-dessous.',
    ),
    fixes: ['claim-failed', 'permission-denied'],
    source: 'anchors-web-flashers §4 (a) (ChromeOS permission_broker), (d) (affiliated users)',
  },
];

export const ANDROID: readonly PreflightStep[] = [
  {
    id: 'android-no-serial',
    title: l('Android: download mode only', 'Android : mode téléchargement uniquement'),
    text: l(
      'Chrome on Android has no WebSerial, so the AT console and the diagnosis are not available there; WebUSB can still flash a module already in download mode. Android asks for permission each time the module re-enumerates.',
      'Chrome sur Android n’a pas WebSerial : la console AT et le diagnostic n’y sont pas disponibles ; WebUSB peut encore flasher un module déjà en mode téléchargement. Android demande l’autorisation à chaque ré-énumération du module.',
    ),
    fixes: ['api-unavailable'],
    source: 'README (Browsers and systems); anchors-web-flashers §4 (c) (Android OS USB dialog)',
  },
];

export function stepsFor(os: PreflightOs): readonly PreflightStep[] {
  const specific = os === 'linux' ? LINUX : os === 'windows' ? WINDOWS : os === 'macos' ? MACOS : os === 'chromeos' ? CHROMEOS : os === 'android' ? ANDROID : [];
  return [...specific, ...EVERYONE];
}

/** After a connection error: the steps that answer it first, then the rest. */
export function stepsForError(os: PreflightOs, code: string | null): readonly PreflightStep[] {
  const all = stepsFor(os);
  if (!code) return all;
  return [...all.filter((s) => s.fixes.includes(code)), ...all.filter((s) => !s.fixes.includes(code))];
}
