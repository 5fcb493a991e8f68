import { EM7455 } from './em7455.ts';
import { EM7565 } from './em7565.ts';
import { EM9191 } from './em9191.ts';
import { EM9293 } from './em9293.ts';
import { MC7304, MC7354 } from './mc7304.ts';
import { RC7620_1 } from './rc7620-1.ts';
import { WP7607 } from './wp7607.ts';
import { WP7702 } from './wp7702.ts';
import type { ModuleProfile } from './types.ts';

export * from './types.ts';
export { RC7620_1, RC76_R8, RC76_R9, RC76_R8_GENERIC, RC76_R8_SIERRA, RC76_R9_GENERIC } from './rc7620-1.ts';
export { EM7455, EM74_02_24, EM74_02_30, EM74_GENERIC_02_24, EM74_GENERIC_02_30 } from './em7455.ts';
export { EM7565, EM75_01_05, EM75_GENERIC_01_05 } from './em7565.ts';
export { WP7607, WP76_02_37, WP76_GENERIC_02_37 } from './wp7607.ts';
export { MC7304, MC7354, MC73_05_05_02, MC73_05_05_63, MC73_GENERIC_05_05_02 } from './mc7304.ts';
export { EM9191, EM91_02_08, EM91_02_09, EM91_GENERIC_02_08 } from './em9191.ts';
export { EM9293, EM92_02_13, EM92_02_17, EM92_GENERIC_02_13, EM92_ROGERS_02_13 } from './em9293.ts';
export { WP7702, WP77_02_16, WP77_02_28, WP77_GENERIC_02_16, WP77_ATT_02_16 } from './wp7702.ts';

export const PROFILES: Readonly<Record<string, ModuleProfile>> = {
  [RC7620_1.id]: RC7620_1,
  [EM7455.id]: EM7455,
  [EM7565.id]: EM7565,
  [WP7607.id]: WP7607,
  [MC7304.id]: MC7304,
  [MC7354.id]: MC7354,
  [EM9191.id]: EM9191,
  [EM9293.id]: EM9293,
  [WP7702.id]: WP7702,
};

export type ProfileId = 'rc7620-1' | 'em7455' | 'em7565' | 'wp7607' | 'mc7304' | 'mc7354' | 'em9191' | 'em9293' | 'wp7702';
