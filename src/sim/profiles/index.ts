import { EM7455 } from './em7455.ts';
import { EM7565 } from './em7565.ts';
import { RC7620_1 } from './rc7620-1.ts';
import { WP7607 } from './wp7607.ts';
import type { ModuleProfile } from './types.ts';

export * from './types.ts';
export { RC7620_1, RC76_R8, RC76_R9, RC76_R8_GENERIC, RC76_R8_SIERRA, RC76_R9_GENERIC } from './rc7620-1.ts';
export { EM7455, EM74_02_24, EM74_02_30, EM74_GENERIC_02_24, EM74_GENERIC_02_30 } from './em7455.ts';
export { EM7565, EM75_01_05, EM75_GENERIC_01_05 } from './em7565.ts';
export { WP7607, WP76_02_37, WP76_GENERIC_02_37 } from './wp7607.ts';

export const PROFILES: Readonly<Record<string, ModuleProfile>> = {
  [RC7620_1.id]: RC7620_1,
  [EM7455.id]: EM7455,
  [EM7565.id]: EM7565,
  [WP7607.id]: WP7607,
};

export type ProfileId = 'rc7620-1' | 'em7455' | 'em7565' | 'wp7607';
