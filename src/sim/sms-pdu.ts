import type { StoredSms } from './network.ts';

/**
 * 3GPP 23.040 SMS-DELIVER PDUs for the messages a virtual SIM holds, as `AT+CMGL`/`AT+CMGR`
 * print them in PDU mode (`+CMGF=0`, the mode gammu and ModemManager use). GSM 7-bit default
 * alphabet, characters outside its basic table become `?`.
 */
const GSM7 = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Semi-octets, low nibble first, padded with F (addresses, timestamps). */
function swapped(digits: string): string {
  const d = digits.length % 2 ? digits + 'F' : digits;
  let out = '';
  for (let i = 0; i < d.length; i += 2) out += d[i + 1]! + d[i]!;
  return out;
}

function address(number: string): { len: number; hex: string } {
  const intl = number.startsWith('+');
  const digits = number.replace(/^\+/, '');
  return { len: digits.length, hex: (intl ? '91' : '81') + swapped(digits) };
}

/** Septets packed into octets, LSB first (23.038 §6.1.2.1). */
function pack7(text: string): { septets: number; hex: string } {
  const codes = [...text].map((ch) => {
    const i = GSM7.indexOf(ch);
    return i < 0 ? 0x3f : i;
  });
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const c of codes) {
    acc |= c << bits;
    bits += 7;
    while (bits >= 8) {
      out += hex2(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out += hex2(acc & 0xff);
  return { septets: codes.length, hex: out };
}

/** `yy/MM/dd,hh:mm:ss+zz` → the 7 semi-octet timestamp. */
function timestamp(at: string): string {
  const m = /^(\d\d)\/(\d\d)\/(\d\d),(\d\d):(\d\d):(\d\d)([+-])(\d\d)$/.exec(at);
  if (!m) return '00000000000000';
  const tz = swapped(m[8]!);
  // the sign is bit 3 of the second semi-octet of the zone
  const zone = m[7] === '-' ? tz[0]! + (Number.parseInt(tz[1]!, 16) | 8).toString(16).toUpperCase() : tz;
  return swapped(m[1]! + m[2]! + m[3]! + m[4]! + m[5]! + m[6]!) + zone;
}

export interface SmsPdu {
  /** The whole line: SMSC part then TPDU, hex. */
  readonly hex: string;
  /** TPDU length in octets (the `<length>` of +CMGL/+CMGR: without the SMSC part). */
  readonly tpduLength: number;
}

export function deliverPdu(sms: StoredSms, smsc: string): SmsPdu {
  const sc = address(smsc);
  // the SMSC length counts its type-of-address octet and its digits
  const scPart = hex2(sc.hex.length / 2) + sc.hex;
  const oa = address(sms.from);
  const ud = pack7(sms.text);
  const tpdu = '04' + hex2(oa.len) + oa.hex + '00' + '00' + timestamp(sms.at) + hex2(ud.septets) + ud.hex;
  return { hex: scPart + tpdu, tpduLength: tpdu.length / 2 };
}
