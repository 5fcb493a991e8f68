/**
 * Image type codes Sierra's bootloader and Legato know (research: protocol-spec §1.5). The list
 * is only used to warn about a code nobody documents — any four printable characters are a valid
 * type, as libqmi treats them.
 */
export const KNOWN_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'QPAR', 'SBL1', 'SBL2', 'DSP1', 'DSP2', 'DSP3', 'QRPM', 'BOOT', 'APPL', 'OSBL', 'AMSS', 'APPS',
  'APBL', 'NVBF', 'NVBO', 'NVBU', 'EXEC', 'SWOC', 'FOTO', 'FILE', 'SPKG', 'MODM', 'SYST', 'USER',
  'HDAT', 'NVBC', 'SPLA', 'NVUP', 'QMBA', 'TZON', 'QSDI', 'ARCH', 'UAPP', 'LRAM', 'CUS0', 'CUS1',
  'CUS2', 'CEFS', 'HASH', 'META', 'CUSG', 'KEYS', 'DCFG', 'TAOP',
]);

/** Images that carry modem/boot firmware, as opposed to carrier configuration (NVUP). */
export const FIRMWARE_IMAGE_TYPES: ReadonlySet<string> = new Set(['BOOT', 'MODM', 'APPL', 'DSP2', 'AMSS', 'APPS', 'SBL1', 'SYST']);
export const CARRIER_IMAGE_TYPES: ReadonlySet<string> = new Set(['NVUP']);
