/**
 * Masks subscriber and device identifiers: IMEI, ICCID, IMSI, phone numbers. The UI masks
 * by default (the user may reveal locally); exports and CLI output are always masked.
 * What stays visible is what support needs and is not personal: the IMEI's TAC (model),
 * the ICCID's issuer prefix, the IMSI's MCC+MNC, a phone number's country code.
 */
const MASK = '•';

export function maskImei(imei: string): string {
  return keep(imei, 8);
}

export function maskIccid(iccid: string): string {
  return keep(iccid, 7);
}

export function maskImsi(imsi: string): string {
  return keep(imsi, 5);
}

export function maskPhone(phone: string): string {
  const plus = phone.startsWith('+') ? '+' : '';
  return plus + keep(phone.slice(plus.length), plus ? 2 : 0);
}

function keep(s: string, n: number): string {
  if (s.length <= n) return MASK.repeat(s.length);
  return s.slice(0, n) + MASK.repeat(s.length - n);
}

/**
 * Masks identifiers anywhere in free text (a transcript, a log): runs of 14–22 digits
 * (IMEI/IMSI/ICCID, optionally ending in F) and international phone numbers.
 */
export function redactText(text: string): string {
  return text
    .replace(/(?<![\d.])(89\d{16,19}[Ff]?)(?![\d.])/g, (m) => maskIccid(m))
    .replace(/(?<![\d.])(\d{14,16})(?![\d.])/g, (m) => keep(m, 8))
    .replace(/(?<![\w.])\+(\d{8,15})(?![\d.])/g, (m) => maskPhone(m));
}
