import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../firmware/platforms.ts';
import { familyOf, familyOfModel, familyOfPlatform, findProfile, lineOfModel, MODEL_PROFILES, profilesForUsb } from './models.ts';
import { isGated } from './password-gate.ts';

describe('model profiles', () => {
  it('finds models and their quirks', () => {
    expect(findProfile('RC7620-1')).toMatchObject({ family: 'RC76xx', platform: 'SWI9X07H', imagePreferenceCommand: 'AT!IMPREF?', atInterface: 3 });
    expect(findProfile('MC7304')!.imagePreferenceCommand).toBe('AT!GOBIIMPREF?');
    expect(findProfile('EM7565')).toMatchObject({ downloadProtocol: 'sahara-firehose', download: { vid: 0x1199, pid: 0x9090 } });
    expect(findProfile('EM7455')!.downloadProtocol).toBe('qdl');
    expect(findProfile('unknown-thing')).toBeNull();
  });
  it('maps platforms and USB ids', () => {
    expect(familyOfPlatform('SWI9X30C')).toEqual({ family: 'EM/MC74xx', chipset: 'MDM9x30' });
    expect(familyOf(null, 'SWI9X07H')).toBe('RC76xx');
    expect(profilesForUsb(0x1199, 0x68c0).map((p) => p.model)).toEqual(expect.arrayContaining(['RC7620-1', 'MC7304', 'WP7607']));
    for (const p of MODEL_PROFILES) expect(p.source.length).toBeGreaterThan(5);
  });
  it('decides a model\'s family in one place: profiles, lineOfModel and the platform table agree', () => {
    for (const p of MODEL_PROFILES) expect(p.family).toBe(familyOfModel(p.model));
    for (const platform of PLATFORMS) for (const model of platform.models) expect([model, lineOfModel(model)]).toEqual([model, platform.line]);
    expect(lineOfModel(' rc7630 ')).toBe('RC76xx');
    expect(lineOfModel('WP8548')).toBe('WP85xx/WP75xx');
    expect(lineOfModel('EM7411')).toBe('EM75xx');
    expect(familyOfModel('EM9191')).toBe('EM919x');
    // SWIX55C is in the platform table (Sierra forum thread 25342): the EM919x is a known line
    expect(lineOfModel('EM9191')).toBe('EM919x');
    expect(familyOfPlatform('SWIX55C')).toEqual({ family: 'EM919x', chipset: 'SDX55' });
    expect(lineOfModel('unknown-thing')).toBeNull();
    expect(lineOfModel(null)).toBeNull();
  });
  it('knows the ENTERCND-gated commands', () => {
    expect(isGated('!USBCOMP', 'read')).toBe(true);
    expect(isGated('!IMPREF', 'set')).toBe(true);
    expect(isGated('!IMPREF', 'read')).toBe(false);
    expect(isGated('!GSTATUS', 'read')).toBe(false);
  });
});
