/**
 * Test transcripts written from the formats described in shared/research/at-knowledge.md
 * (§4.1, §5, §9 and the fixtures cited there). Identifiers are made up. Each constant is the
 * information lines of one answer, as the modem prints them (tabs and padding included).
 */

export const ATI_RC7620_R8 = [
  'Manufacturer: Sierra Wireless, Incorporated',
  'Model: RC7620-1',
  'Revision: SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24',
  'QTI baseline: MPSS.JO.2.0.2.c1.1-00073-9607_GENNS_PACK-1.416077.1.419248.1',
  'IMEI: 352653090123456',
  'IMEI SV:  7',
  'FSN: 4L0123456789AB',
  '+GCAP: +CGSM',
];

export const ATI_EM7430 = [
  'Manufacturer: Sierra Wireless, Incorporated',
  'Model: EM7430',
  'Revision: SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 06:23:09',
  'MEID: 35907206012345',
  'ESN: 12806012345, 80123456',
  'IMEI: 359072060123456',
  'IMEI SV: 9',
  'FSN: LQ12345678',
  '+GCAP: +CGSM',
];

/** Cut at 80 columns by a terminal (§4.1). */
export const ATI_WP7607_TRUNCATED = [
  'Manufacturer: Sierra Wireless, Incorporated',
  'Model: WP7607',
  'Revision: SWI9X07Y_02.37.03.00 73df45 jenkins 2020/04',
  'IMEI: 354723090123456',
];

export const CGMR_RC7620_R9 = ['SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54'];

export const IMPREF_SEED = [
  '!IMPREF: ',
  ' preferred fw version:    00.08.07.00',
  ' preferred carrier name:  SIERRA',
  ' preferred config name:   SIERRA_000.057_000',
  ' preferred subpri index:  000',
  ' current fw version:      00.08.07.00',
  ' current carrier name:    SIERRA',
  ' current config name:     SIERRA_000.057_000',
  ' current subpri index:    000',
];

/** 9x30 after a bad flash: the preference names an image that is not installed (§0 fact 1). */
export const IMPREF_MISMATCH = [
  '!IMPREF: ',
  ' preferred fw version:    02.30.01.01',
  ' preferred carrier name:  GENERIC',
  ' preferred config name:   GENERIC_002.045_000',
  ' current fw version:      02.24.05.06',
  ' current carrier name:    GENERIC',
  ' current config name:     GENERIC_002.026_000',
  ' fw version mismatch',
  ' config name mismatch',
];

/** 9x15 query form, no subpri lines. */
export const GOBIIMPREF_MC7304 = [
  '!GOBIIMPREF: ',
  ' preferred fw version:   05.05.58.00',
  ' preferred carrier name: GENERIC',
  ' preferred config name:  GENERIC_005.025_002',
  ' current fw version:     05.05.58.00',
  ' current carrier name:   GENERIC',
  ' current config name:    GENERIC_005.025_002',
];

/** Engineering sample: empty current fields (§9). */
export const IMPREF_ES_EMPTY = [
  '!IMPREF: ',
  ' preferred fw version:    01.05.01.00',
  ' preferred carrier name:  GENERIC',
  ' preferred config name:   GENERIC_001.028_000',
  ' current fw version:      ',
  ' current carrier name:    ',
  ' current config name:     ',
];

export const IMAGE_SEED = [
  'TYPE SLOT STATUS LRU FAILURES UNIQUE_ID   BUILD_ID',
  'FW   1    GOOD   1   0    0   ?_?         00.08.07.00_?',
  'FW   2    EMPTY  0   0    0',
  'FW   3    EMPTY  0   0    0',
  'Max FW images: 3',
  'Active FW image is at slot 1',
  '',
  'TYPE SLOT STATUS LRU FAILURES UNIQUE_ID   BUILD_ID',
  'PRI  FF   GOOD   0   0    0   000.057_000 00.08.07.00_SIERRA',
  'PRI  FF   GOOD   0   0    0   001.081_000 00.08.07.00_GENERIC',
  'Max PRI images: 50',
];

/** No valid firmware slot, every slot empty (§0 fact 2, EM9293 after a failed flash). */
export const IMAGE_SLOT_255 = [
  'TYPE SLOT STATUS LRU FAILURES UNIQUE_ID BUILD_ID',
  'FW   1    EMPTY  0   0    0',
  'FW   2    EMPTY  0   0    0',
  'FW   3    EMPTY  0   0    0',
  'Max FW images: 3',
  'Active FW image is at slot 255',
  'TYPE SLOT STATUS LRU FAILURES UNIQUE_ID BUILD_ID',
  'Max PRI images: 50',
];

export const PRIID_EM7455_DELL = [
  '!PRIID: ',
  'PRI Part Number: 9904336',
  'Revision: 001.007',
  'Customer: Dell',
  '',
  'Carrier PRI: 9999999_9904609_SWI9X30C_02.24.05.06_00_GENERIC_002.026_000',
];

export const PRIID_UNKNOWN = ['PRI Part Number: Unknown', 'Revision: Unknown', 'Customer: Unknown', '', 'Carrier PRI: None'];

export const PRIID_SEED = [
  'PRI Part Number: 9909999',
  'Revision: 001.001',
  'Customer: Generic',
  '',
  'Carrier PRI: 9999999_9909999_SWI9X07H_00.08.07.00_00_SIERRA_000.057_000',
];

/** RC76 layout: mitigation levels and IMS lines; not attached (§5 diagnostic pattern). */
export const GSTATUS_RC76_NOT_ATTACHED = [
  '!GSTATUS: ',
  'Current Time:  2113\t\tTemperature: 34',
  'Reset Counter: 2\t\tMode:        ONLINE         ',
  'System mode:   LTE        \tPS state:    Not attached     ',
  'LTE band:      B20     \t\tLTE bw:      10 MHz  ',
  'LTE Rx chan:   6300\t\tLTE Tx chan: 4294967295',
  'LTE CA state:  NOT ASSIGNED',
  'EMM state:     Deregistered     No Cell Available',
  'RRC state:     RRC Idle  ',
  'IMS reg state: No Srv  \t\tIMS mode:    Normal    ',
  'IMS Srv State: UNKNOWN SMS,UNKNOWN VoIP',
  '',
  'PCC RxM RSSI:  -68\t\tPCC RxM RSRP:  -97',
  'PCC RxD RSSI:  -70\t\tPCC RxD RSRP:  -99',
  'Tx Power:      --\t\tTAC:         0E62 (3682)',
  'RSRQ (dB):     -11\t\tCell ID:     002AC602 (2803202)',
  'SINR (dB):     9.2',
  'Modem Mitigate Level: 0\t\tModemProc Mitigate Level: 0',
];

export const GSTATUS_RC76_ATTACHED = [
  '!GSTATUS: ',
  'Current Time:  36\t\tTemperature: 26',
  'Reset Counter: 1\t\tMode:        ONLINE         ',
  'System mode:   LTE        \tPS state:    Attached     ',
  'LTE band:      B3     \t\tLTE bw:      15 MHz  ',
  'LTE Rx chan:   1392\t\tLTE Tx chan: 19392',
  'EMM state:     Registered     Normal Service',
  'RRC state:     RRC Connected  ',
  'PCC RxM RSSI:  -72\t\tPCC RxM RSRP:  -105',
  'PCC RxD RSSI:  -94\t\tPCC RxD RSRP:  -132',
  'Tx Power:      15\t\tTAC:         0E62 (3682)',
  'RSRQ (dB):     -14\t\tCell ID:     002AC602 (2803202)',
  'SINR (dB):     -1.5',
];

/** 9x30 layout with PCC/SCC and Scell fields, space padded. */
export const GSTATUS_9X30 = [
  '!GSTATUS: ',
  'Current Time:  22016         Temperature: 43',
  'Reset Counter: 7             Mode:        ONLINE         ',
  'System mode:   LTE           PS state:    Attached     ',
  'LTE band:      B28           LTE bw:      10 MHz  ',
  'LTE Rx chan:   9410          LTE Tx chan: 27410',
  'LTE CA state:  ACTIVE        LTE Scell band:B12    ',
  'LTE Scell bw:  10 MHz        LTE Scell chan:5110',
  'EMM state:     Registered     Normal Service ',
  'RRC state:     RRC Connected  ',
  'IMS reg state: NOT REGISTERED  IMS mode:    Normal',
  '',
  'PCC RxM RSSI:  -65           RSRP (dBm):  -93',
  'PCC RxD RSSI:  -67           RSRP (dBm):  -95',
  'SCC RxM RSSI:  -71           RSRP (dBm):  -101',
  'Tx Power:      0             TAC:         0E62 (3682)',
  'RSRQ (dB):     -6.0          Cell ID:     002AC602 (2803202)',
  'SINR (dB):     28.2',
];

/** 9x50 SSC1–4. */
export const GSTATUS_9X50 = [
  '!GSTATUS: ',
  'Current Time:  1202\t\tTemperature: 38',
  'Reset Counter: 3\t\tMode:        ONLINE         ',
  'System mode:   LTE        \tPS state:    Attached     ',
  'LTE band:      B7     \t\tLTE bw:      20 MHz  ',
  'LTE Rx chan:   3100\t\tLTE Tx chan: 21100',
  'LTE SSC1 state:ACTIVE\t\tLTE SSC1 band: B3',
  'LTE SSC2 state:INACTIVE\t\tLTE SSC3 state:INACTIVE',
  'EMM state:     Registered     Normal Service',
  'PCC RxM RSSI:  -60\t\tPCC RxM RSRP:  -88',
  'RSRQ (dB):     -8\t\tSINR (dB):     17.0',
];

/** WCDMA layout, deep sleep (§5 pattern). */
export const GSTATUS_WCDMA = [
  '!GSTATUS: ',
  'Current Time:  515\t\tTemperature: 30',
  'Reset Counter: 1\t\tMode:        ONLINE         ',
  'System mode:   WCDMA      \tPS state:    Not attached     ',
  'WCDMA band:    WCDMA 2100',
  'WCDMA channel: 10638',
  'MM (CS) state: IDLE NO SERVICE',
  'WCDMA L1 state:L1M_DEEP_SLEEP',
  'RxM RSSI C0:   ---\t\tRxD RSSI C0:  ---',
];

/** Low-power mode: only the first two lines (§5). */
export const GSTATUS_LPM = ['!GSTATUS: ', 'Current Time:  12\t\tTemperature: 29', 'Reset Counter: 5\t\tMode:        LOW POWER MODE '];

export const PCINFO_NEW_IMSWITCH = [
  '!PCINFO: State: Low Power Mode',
  'LPM voters - Temp:0, Volt:0, User:0, W_DISABLE:0, IMSWITCH:1, BIOS:0, LWM2M:0, OMADM:0, FOTA:0',
  'LPM persistence - None',
];

export const PCINFO_OLD_GOBIIM = ['!PCINFO: State: Low Power Mode', 'LPM force flags - W_DISABLE:0, User:0, Temp:0, Volt:0, BIOS:0, GOBIIM:1'];

/** SDX55 (EM9191) in ENDC: four antennas, SCC blocks, thermal mitigation (§5). */
export const GSTATUS_SDX55_ENDC = [
  '!GSTATUS: ',
  'Current Time:  4051\t\tTemperature: 41',
  'Reset Counter: 2\t\tMode:        ONLINE         ',
  'System mode:   ENDC       \tPS state:    Attached     ',
  'LTE band:      B3     \t\tLTE bw:      20 MHz  ',
  'LTE Rx chan:   1300\t\tLTE Tx chan: 19300',
  'LTE SCC1 state:ACTIVE\t\tLTE SCC1 band:B7',
  'LTE SCC1 bw:   20 MHz\t\tSCC1 UL Configured:FALSE',
  'EMM state:     Registered     Normal Service',
  'RRC state:     RRC Connected  ',
  'PCC RxM RSSI:  -61\t\tPCC RxM RSRP:  -89',
  'PCC RxD RSSI:  -63\t\tPCC RxD RSRP:  -91',
  'PCC RxM1 RSSI: -67\t\tPCC RxM1 RSRP: -101',
  'PCC RxD1 RSSI: -66\t\tPCC RxD1 RSRP: -99',
  'Tx Power:      3\t\tTAC:         0E62 (3682)',
  'RSRQ (dB):     -9\t\tCell ID:     002AC602 (2803202)',
  'SINR (dB):     21.4',
  'Thermal Mitigation Level: 0',
];
