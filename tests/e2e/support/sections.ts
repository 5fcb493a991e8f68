/** Every section of the app, for tests that must visit them all (kept in step with src/ui/sections.ts). */
import { SECTIONS } from '../../../src/ui/sections.ts';

export const SECTION_IDS: readonly string[] = SECTIONS.map((s) => s.id);
