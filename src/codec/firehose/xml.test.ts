import { describe, expect, it } from 'vitest';
import { encodeConfigure, encodeLog, encodeResponse, FirehoseDocumentSplitter, fromLatin1, parseDocument } from './xml.ts';

const docOf = (inner: string) => `<?xml version="1.0" encoding="UTF-8" ?>\n<data>\n${inner}\n</data>\n`;

describe('firehose xml', () => {
  it('builds configure as libqmi does', () => {
    expect(fromLatin1(encodeConfigure())).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<data>\n<configure MemoryName="eMMC" Verbose="0" AlwaysValidate="0" MaxDigestTableSizeInBytes="8192" MaxPayloadSizeToTargetInBytes="1048576" ZlpAwareHost="0" SkipStorageInit="0" TargetName="8960" />\n</data>\n\n',
    );
  });

  // libqmi test-firehose.c vectors (protocol spec §5.1)
  it.each([
    ['<response value="ACK" />', { kind: 'response', value: 'ACK', rawmode: undefined }],
    ['<response value="ACK" rawmode="true" />', { kind: 'response', value: 'ACK', rawmode: true }],
    ['<log value="SWI supported functions: CWE"/>', { kind: 'log', value: 'SWI supported functions: CWE' }],
  ])('parses %s', (el, want) => {
    expect(parseDocument(docOf(el))[0]).toMatchObject(want);
  });

  it('reads MaxPayloadSizeToTargetInBytes from a NAK', () => {
    const [r] = parseDocument(
      docOf('<response value="NAK" MemoryName="NAND" MaxPayloadSizeFromTargetInBytes="2048" MaxPayloadSizeToTargetInBytes="8192" MaxPayloadSizeToTargetInBytesSupported="8192" TargetName="9x55" />'),
    );
    expect(r?.kind === 'response' && r.attrs['MaxPayloadSizeToTargetInBytes']).toBe('8192');
  });

  it('splits documents across arbitrary pieces and skips NUL padding', () => {
    const bytes = new Uint8Array([...new Uint8Array(512), ...encodeLog('a & b'), ...encodeResponse('ACK')]);
    const s = new FirehoseDocumentSplitter();
    const docs = [];
    for (let i = 0; i < bytes.length; i += 7) docs.push(...s.push(bytes.subarray(i, i + 7)));
    expect(docs.map((d) => d.ok && parseDocument(d.text)[0]?.kind)).toEqual(['log', 'response']);
    expect(docs[0]?.ok && parseDocument(docs[0].text)[0]).toMatchObject({ value: 'a & b' });
  });

  it('reports garbage and malformed documents', () => {
    const s = new FirehoseDocumentSplitter();
    const out = s.push(new TextEncoder().encode('\x13\x37garbage<?xml version="1.0" ?><data><response value="ACK" /></data>'));
    expect(out[0]).toEqual({ ok: false, garbage: '\x13\x37garbage' });
    expect(() => parseDocument(docOf('<response value="ACK" / junk'))).toThrow(/Malformed/);
  });
});
