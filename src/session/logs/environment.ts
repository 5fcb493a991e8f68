/**
 * The environment a session ran in, for support: app version, browser and OS in words, and
 * the raw user agent for anything the parsing misses.
 */
import type { Environment } from './schema.ts';

interface NavigatorLike {
  readonly userAgent?: string;
  readonly language?: string;
  readonly userAgentData?: { readonly brands?: readonly { brand: string; version: string }[]; readonly platform?: string };
}

export function describeEnvironment(appVersion: string, language: string, virtualModem: boolean, nav: NavigatorLike | undefined = globalThis.navigator as NavigatorLike | undefined): Environment {
  const ua = nav?.userAgent ?? '';
  let timeZone: string | null = null;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    timeZone = null;
  }
  return { appVersion, userAgent: ua, browser: browserOf(ua, nav), os: osOf(ua, nav), language, timeZone, virtualModem };
}

export function browserOf(ua: string, nav?: NavigatorLike): string | null {
  const brands = nav?.userAgentData?.brands?.filter((b) => !/not.?a.?brand|chromium/i.test(b.brand));
  if (brands?.length) return `${brands[0]!.brand} ${brands[0]!.version}`;
  const rules: readonly [RegExp, string][] = [
    [/Edg\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/(?:HeadlessChrome|Chrome)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)[\d.]* .*Safari\//, 'Safari'],
  ];
  for (const [re, name] of rules) {
    const m = re.exec(ua);
    if (m) return `${/HeadlessChrome/.test(ua) && name === 'Chrome' ? 'Chrome (headless)' : name} ${m[1]}`;
  }
  return null;
}

export function osOf(ua: string, nav?: NavigatorLike): string | null {
  if (/Windows NT/.test(ua)) return 'Windows';
  if (/Android (\d+)/.test(ua)) return `Android ${/Android (\d+)/.exec(ua)![1]}`;
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/iPhone|iPad/.test(ua)) return 'iOS';
  if (/Mac OS X/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return nav?.userAgentData?.platform || null;
}
