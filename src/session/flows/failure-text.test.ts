import { describe, expect, it } from 'vitest';
import { FlowError } from './errors.ts';
import { failureOf } from './runner.ts';
import { l } from '../../text/localized.ts';

// The page shows a failure in its own language; the log and the CLI keep the English message.
describe('a flow failure carries its text in every language', () => {
  it('a Localized message: English for the log, both languages for the page', () => {
    const e = new FlowError('unplugged-mid-flash', l('The module left the bus.', 'Le module a quitté le bus.'), 'write-started');
    expect(e.message).toBe('The module left the bus.');
    const f = failureOf(e, 'flash');
    expect(f.message).toBe('The module left the bus.');
    expect(f.text).toEqual({ en: 'The module left the bus.', fr: 'Le module a quitté le bus.' });
    expect(f.detail).toBe('write-started');
  });

  it('a plain English message has no page text (the page labels it as English)', () => {
    const f = failureOf(new FlowError('flash-failed', 'engine said no'), 'flash');
    expect(f.text ?? null).toBeNull();
    expect(failureOf(new Error('boom'), 'flash').text ?? null).toBeNull();
  });
});
