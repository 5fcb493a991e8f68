import { describe, expect, it } from 'vitest';
import { decodePacket, encodeExecute, encodeHello, encodeHelloResponse, SaharaReassembler } from './messages.ts';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));

describe('sahara', () => {
  it('encodes what the golden trace shows', () => {
    expect(encodeHelloResponse().subarray(0, 24)).toEqual(hex('02 00 00 00 30 00 00 00 02 00 00 00 02 00 00 00 00 00 00 00 03 00 00 00'));
    expect(encodeExecute()).toEqual(hex('0d 00 00 00 0c 00 00 00 00 ff 00 00'));
    expect(encodeHello().subarray(0, 24)).toEqual(hex('01 00 00 00 30 00 00 00 02 00 00 00 01 00 00 00 00 04 00 00 00 00 00 00'));
  });

  it('reassembles packets split and merged across reads', () => {
    const stream = new Uint8Array([...encodeHello(), ...hex('0b 00 00 00 08 00 00 00')]);
    const r = new SaharaReassembler();
    const got = [];
    for (const b of stream) {
      r.push(Uint8Array.of(b));
      for (let p = r.take(); p; p = r.take()) got.push(decodePacket(p));
    }
    expect(got).toEqual([{ kind: 'hello', version: 2, compatible: 1, maxLength: 1024, mode: 0 }, { kind: 'command-ready' }]);
  });

  it('refuses implausible lengths instead of waiting', () => {
    const r = new SaharaReassembler();
    r.push(new TextEncoder().encode('garbage!garbage!'));
    expect(() => r.take()).toThrow(/not plausible/);
  });
});
