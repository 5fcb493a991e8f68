import { afterEach, describe, expect, it } from 'vitest';
import type { FlowImage } from '../../session/flows/flow-image.ts';
import { forgetWritten, rememberWritten, writtenImageFor } from './written-image.ts';

const image = (verdict: FlowImage['verdict']): FlowImage =>
  ({ name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', sha256: 'ab', verdict, problems: [], product: 'RC76xx', platform: null, firmwareVersion: '00.08.24.02', carrier: 'GENERIC' }) as unknown as FlowImage;

afterEach(forgetWritten);

describe('the image written to a module earlier in the session', () => {
  it('is offered again for the same module, and for a rescue that does not know the model yet', () => {
    expect(writtenImageFor('RC7620-1')).toBeNull();
    rememberWritten(image('ok'), 'RC7620-1');
    expect(writtenImageFor('RC7620-1')?.name).toBe('RC76xx_Release9_GENERIC_GCF_7620.spk');
    expect(writtenImageFor(null)?.name).toBe('RC76xx_Release9_GENERIC_GCF_7620.spk');
  });

  it('is not offered for another model, nor when it was refused', () => {
    rememberWritten(image('ok'), 'RC7620-1');
    expect(writtenImageFor('EM7455')).toBeNull();
    rememberWritten(image('refused'), 'RC7620-1');
    expect(writtenImageFor('RC7620-1')).toBeNull();
  });
});
