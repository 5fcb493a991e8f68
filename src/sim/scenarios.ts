import { factoryFlash, type FlashState } from './flash.ts';
import { defaultEnvironment, orangeSim, type RadioEnvironment, type SimCard } from './network.ts';
import { EM7455, EM74_02_24, EM74_GENERIC_02_24 } from './profiles/em7455.ts';
import { EM7565, EM75_01_05, EM75_GENERIC_01_05 } from './profiles/em7565.ts';
import { EM9191, EM91_02_08, EM91_GENERIC_02_08 } from './profiles/em9191.ts';
import { EM9293, EM92_02_13, EM92_GENERIC_02_13, EM92_ROGERS_02_13 } from './profiles/em9293.ts';
import { MC7304, MC7354, MC73_05_05_02, MC73_GENERIC_05_05_02 } from './profiles/mc7304.ts';
import { WP7702, WP77_02_16, WP77_ATT_02_16, WP77_GENERIC_02_16 } from './profiles/wp7702.ts';
import { RC7620_1, RC76_R8, RC76_R8_GENERIC, RC76_R8_SIERRA, RC76_R9, RC76_R9_GENERIC } from './profiles/rc7620-1.ts';
import type { ModuleProfile } from './profiles/types.ts';
import { WP7607, WP76_02_37, WP76_GENERIC_02_37 } from './profiles/wp7607.ts';

/**
 * Starting situations for a virtual module, by stable id (used in `?sim=<id>` URLs, the CLI
 * and tests). Each builds fresh state, so two modems never share a SIM or a flash.
 */
export type ScenarioId =
  | 'healthy'
  | 'seed'
  | 'boot-loop'
  | 'boot-loop-tp1-only'
  | 'tp1-download'
  | 'sim-pin'
  | 'sim-puk'
  | 'no-sim'
  | 'no-signal'
  | 'weak-signal'
  | 'impref-mismatch'
  | 'em7455'
  | 'em7455-oem'
  | 'em7565'
  | 'wp7607'
  | 'mc7304'
  | 'mc7354'
  | 'em9191'
  | 'em9293'
  | 'wp7702'
  | 'download-hold';

export interface ScenarioSetup {
  readonly profile: ModuleProfile;
  readonly flash: FlashState;
  readonly sim: SimCard;
  readonly radio: RadioEnvironment;
  readonly tp1Held?: boolean;
  /** `+CFUN` at the first boot (a replayed module found with its radio off); later boots start at 1. */
  readonly cfun?: 0 | 1 | 4;
}

export interface ScenarioInfo {
  readonly id: ScenarioId;
  /** One line for the panel and `--help`. */
  readonly en: string;
  readonly fr: string;
  readonly build: () => ScenarioSetup;
}

function rc76(flash: FlashState, change: Partial<Omit<ScenarioSetup, 'flash' | 'profile'>> = {}): ScenarioSetup {
  return { profile: RC7620_1, flash, sim: change.sim ?? orangeSim(), radio: change.radio ?? defaultEnvironment(), ...(change.tp1Held ? { tp1Held: true } : {}) };
}

/** RC7620-1 as in the seed: Release 8 with the SIERRA carrier image preferred, GENERIC stored too. */
export function seedFlash(): FlashState {
  return factoryFlash(RC7620_1, RC76_R8, [RC76_R8_SIERRA, RC76_R8_GENERIC], RC76_R8_SIERRA);
}

export function healthyRc76Flash(): FlashState {
  return factoryFlash(RC7620_1, RC76_R9, [RC76_R9_GENERIC], RC76_R9_GENERIC);
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    id: 'healthy',
    en: 'RC7620-1 on Release 9 GENERIC, Orange SIM: registers and connects',
    fr: 'RC7620-1 en Release 9 GENERIC, SIM Orange : s’enregistre et se connecte',
    build: () => rc76(healthyRc76Flash()),
  },
  {
    id: 'seed',
    en: 'RC7620-1 on Release 8 with the SIERRA carrier image and an Orange SIM: data calls fail',
    fr: 'RC7620-1 en Release 8 avec l’image opérateur SIERRA et une SIM Orange : les appels data échouent',
    build: () => rc76(seedFlash()),
  },
  {
    id: 'boot-loop',
    en: 'RC7620-1 after an interrupted update: appears for 1–3 s, vanishes, again and again',
    fr: 'RC7620-1 après une mise à jour interrompue : apparaît 1 à 3 s, disparaît, encore et encore',
    build: () => {
      const f = seedFlash();
      f.health = 'boot-loop';
      f.history.push('update to Release 9 interrupted');
      return rc76(f);
    },
  },
  {
    id: 'boot-loop-tp1-only',
    en: 'RC7620-1 boot-looping before its AT server starts: AT!BOOTHOLD cannot catch it, only TP1 can',
    fr: 'RC7620-1 en boucle avant le démarrage de son serveur AT : AT!BOOTHOLD ne le rattrape pas, seul TP1 le peut',
    build: () => {
      const f = seedFlash();
      f.health = 'boot-loop';
      f.loopUncatchable = true;
      f.history.push('update to Release 9 interrupted');
      return rc76(f);
    },
  },
  {
    id: 'tp1-download',
    en: 'RC7620-1 powered with TP1 held low: download mode, one interface',
    fr: 'RC7620-1 alimenté avec TP1 à la masse : mode téléchargement, une seule interface',
    build: () => rc76(seedFlash(), { tp1Held: true }),
  },
  {
    id: 'sim-pin',
    en: 'RC7620-1 with a SIM waiting for its PIN (1234)',
    fr: 'RC7620-1 avec une SIM qui attend son code PIN (1234)',
    build: () => {
      const sim = orangeSim();
      sim.status = 'pin';
      return rc76(healthyRc76Flash(), { sim });
    },
  },
  {
    id: 'sim-puk',
    en: 'RC7620-1 with a SIM blocked on its PUK (12345678)',
    fr: 'RC7620-1 avec une SIM bloquée sur son PUK (12345678)',
    build: () => {
      const sim = orangeSim();
      sim.status = 'puk';
      sim.pinAttempts = 0;
      return rc76(healthyRc76Flash(), { sim });
    },
  },
  {
    id: 'no-sim',
    en: 'RC7620-1 with no SIM inserted',
    fr: 'RC7620-1 sans carte SIM',
    build: () => {
      const sim = orangeSim();
      sim.status = 'absent';
      return rc76(healthyRc76Flash(), { sim });
    },
  },
  {
    id: 'no-signal',
    en: 'RC7620-1 without coverage (antenna off): searches forever',
    fr: 'RC7620-1 sans couverture (antenne débranchée) : cherche sans fin',
    build: () => {
      const radio = defaultEnvironment();
      radio.coverage = false;
      return rc76(healthyRc76Flash(), { radio });
    },
  },
  {
    id: 'weak-signal',
    en: 'RC7620-1 at the edge of coverage: registered, RSRP −118 dBm, SINR −3 dB',
    fr: 'RC7620-1 en limite de couverture : enregistré, RSRP −118 dBm, SINR −3 dB',
    build: () => {
      const radio = defaultEnvironment();
      radio.signal = { rsrp: -118, rsrq: -17, sinr: -3, rssi: -97, rssiDiv: -104, rsrpDiv: -125 };
      return rc76(healthyRc76Flash(), { radio });
    },
  },
  {
    id: 'impref-mismatch',
    en: 'RC7620-1 on Release 9 preferring a carrier image it does not hold: stuck in low power mode',
    fr: 'RC7620-1 en Release 9 qui préfère une image opérateur absente : bloqué en mode basse consommation',
    build: () => {
      const flash = healthyRc76Flash();
      // the preference still names the Release 8 SIERRA configuration from before the update
      flash.preferred = { fwVersion: '00.08.07.00', carrier: 'SIERRA', priVersion: '000.057', index: '000' };
      return rc76(flash);
    },
  },
  {
    id: 'em7455',
    en: 'EM7455 (9x30, QDL download), GENERIC, 1199:9079 → 9078',
    fr: 'EM7455 (9x30, téléchargement QDL), GENERIC, 1199:9079 → 9078',
    build: () => ({ profile: EM7455, flash: factoryFlash(EM7455, EM74_02_24, [EM74_GENERIC_02_24], EM74_GENERIC_02_24), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'em7455-oem',
    en: 'EM7455 set to the OEM PID pair with AT!USBPID: 1199:9071 → 9070',
    fr: 'EM7455 réglé sur la paire OEM par AT!USBPID : 1199:9071 → 9070',
    build: () => {
      const flash = factoryFlash(EM7455, EM74_02_24, [EM74_GENERIC_02_24], EM74_GENERIC_02_24);
      flash.usbPid = { app: 0x9071, boot: 0x9070 };
      return { profile: EM7455, flash, sim: orangeSim(), radio: defaultEnvironment() };
    },
  },
  {
    id: 'em7565',
    en: 'EM7565 (9x50, Sahara + Firehose), GENERIC, 1199:9091 → 9090',
    fr: 'EM7565 (9x50, Sahara + Firehose), GENERIC, 1199:9091 → 9090',
    build: () => ({ profile: EM7565, flash: factoryFlash(EM7565, EM75_01_05, [EM75_GENERIC_01_05], EM75_GENERIC_01_05), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'wp7607',
    en: 'WP7607 (9x07 with Linux: slow boot, ADB interface), GENERIC',
    fr: 'WP7607 (9x07 avec Linux : démarrage lent, interface ADB), GENERIC',
    build: () => ({ profile: WP7607, flash: factoryFlash(WP7607, WP76_02_37, [WP76_GENERIC_02_37], WP76_GENERIC_02_37), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'mc7304',
    en: 'MC7304 (9x15, QDL download, AT!GOBIIMPREF), GENERIC, 1199:68C0',
    fr: 'MC7304 (9x15, téléchargement QDL, AT!GOBIIMPREF), GENERIC, 1199:68C0',
    build: () => ({ profile: MC7304, flash: factoryFlash(MC7304, MC73_05_05_02, [MC73_GENERIC_05_05_02], MC73_GENERIC_05_05_02), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'mc7354',
    en: 'MC7354 (9x15, CDMA+LTE variant: ATI prints MEID), GENERIC',
    fr: 'MC7354 (9x15, variante CDMA+LTE : ATI affiche le MEID), GENERIC',
    build: () => ({ profile: MC7354, flash: factoryFlash(MC7354, MC73_05_05_02, [MC73_GENERIC_05_05_02], MC73_GENERIC_05_05_02), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'em9191',
    en: 'EM9191 (SDX55 5G NSA: System mode ENDC, Sahara + Firehose), GENERIC, 1199:90D3 → 90D2',
    fr: 'EM9191 (SDX55 5G NSA : System mode ENDC, Sahara + Firehose), GENERIC, 1199:90D3 → 90D2',
    build: () => ({ profile: EM9191, flash: factoryFlash(EM9191, EM91_02_08, [EM91_GENERIC_02_08], EM91_GENERIC_02_08), sim: orangeSim(), radio: defaultEnvironment() }),
  },
  {
    id: 'em9293',
    en: 'EM9293 (SDX65, SWIX65C 02.13.08.00), GENERIC with ROGERS stored',
    fr: 'EM9293 (SDX65, SWIX65C 02.13.08.00), GENERIC avec ROGERS en stock',
    build: () => ({
      profile: EM9293,
      flash: factoryFlash(EM9293, EM92_02_13, [EM92_GENERIC_02_13, EM92_ROGERS_02_13], EM92_GENERIC_02_13),
      sim: orangeSim(),
      radio: defaultEnvironment(),
    }),
  },
  {
    id: 'wp7702',
    en: 'WP7702 (9x06 LTE-M with Linux, 02.16.06.00), GENERIC with ATT stored',
    fr: 'WP7702 (9x06 LTE-M avec Linux, 02.16.06.00), GENERIC avec ATT en stock',
    build: () => ({
      profile: WP7702,
      flash: factoryFlash(WP7702, WP77_02_16, [WP77_GENERIC_02_16, WP77_ATT_02_16], WP77_GENERIC_02_16),
      sim: orangeSim(),
      radio: defaultEnvironment(),
    }),
  },
  {
    id: 'download-hold',
    en: 'EM7455 after a failed update: the bootloader stays in download mode',
    fr: 'EM7455 après une mise à jour ratée : le chargeur reste en mode téléchargement',
    build: () => {
      const flash = factoryFlash(EM7455, EM74_02_24, [EM74_GENERIC_02_24], EM74_GENERIC_02_24);
      flash.health = 'hold';
      return { profile: EM7455, flash, sim: orangeSim(), radio: defaultEnvironment() };
    },
  },
];

export const SCENARIO_IDS: readonly ScenarioId[] = SCENARIOS.map((s) => s.id);

export function isScenarioId(s: string): s is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(s);
}

/**
 * The family scenario for a profile name as `boothold sim --profile` takes it (`rc7620`,
 * `rc7620-1`, `em9191`…): the module healthy on GENERIC. Null for an unknown name.
 */
export function scenarioForProfile(name: string): ScenarioId | null {
  const n = name.trim().toLowerCase();
  if (n === 'rc7620' || n === 'rc7620-1' || n === 'rc76') return 'healthy';
  return isScenarioId(n) && SCENARIOS.find((s) => s.id === n)?.build().profile.id === n ? n : null;
}

export function scenario(id: ScenarioId): ScenarioInfo {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new RangeError(`Unknown scenario '${id}'. Known: ${SCENARIO_IDS.join(', ')}.`);
  return found;
}
