/**
 * Logs and pasted transcripts written from the formats described in shared/research
 * (at-knowledge.md §3, §4, §9; protocol-spec.md §4). Identifiers are made up.
 */

export const LIBQMI_TP1_UNSUPPORTED = `$ sudo qmi-firmware-update --update-download -t /dev/ttyUSB0 RC76xx_Release9_GENERIC_GCF_7620.spk
loading device information before the update...
[/dev/ttyUSB0] download mode detected
sahara device creation failed: no sahara response received
qdl device creation failed: unexpected response received in dload sdp: 0x13
error: unsupported download protocol
`;

export const BOOT_LOOP_DMESG_AND_LIBQMI = `[  101.123456] usb 1-1.3: new high-speed USB device number 5 using dwc_otg
[  101.234567] usb 1-1.3: New USB device found, idVendor=1199, idProduct=68c0, bcdDevice= 0.00
[  101.240000] qcserial 1-1.3:1.0: Qualcomm USB modem converter detected
[  103.456789] usb 1-1.3: USB disconnect, device number 5
[  116.123456] usb 1-1.3: new high-speed USB device number 6 using dwc_otg
[  116.234567] usb 1-1.3: New USB device found, idVendor=1199, idProduct=68c0, bcdDevice= 0.00
[  118.456789] usb 1-1.3: USB disconnect, device number 6
[  131.123456] usb 1-1.3: new high-speed USB device number 7 using dwc_otg
[  131.234567] usb 1-1.3: New USB device found, idVendor=1199, idProduct=68c0, bcdDevice= 0.00
[  133.456789] usb 1-1.3: USB disconnect, device number 7
pi@raspberrypi:~ $ sudo qmi-firmware-update --update -d 1199:68c0 RC76xx_Release9_GENERIC_GCF_7620.spk
error: couldn't open QMI device: endpoint hangup
`;

export const FDT2_PRIMARY_14 = `C:\\fdt2> fdt2.exe -d g5k -usbport1 -a -force -f RC76xx_Release9_GENERIC_GCF_7620.spk -log C:\\logs
Awaiting adapter ...
Firmware download failed.
Primary error code: 14 - No MBN adapter available.
Secondary error code: 0 - Not applicable.
Device error code: 0x0 - Unknown device error code.
Final firmware update failure report - Result code: 0x0
Preexisting images information:
  ImageId: 001.081_000   BuildId: 00.08.07.00_GENERIC
OEM PRI:
IMEI: 352653090123456
Total time elapsed: 00:02:11
`;

export const FDT2_EM7455_82_5 = `Switching to boot & hold mode ...
Firmware download failed.
Primary error code: 82 - Failed in checking modem mode.
Secondary error code: 5 - Neither NDIS adapter nor serial port is available.
Device error code: 0x0 - Unknown device error code.
`;

export const FWDWL_MODEMMANAGER = `root@host:~# ./fwdwl-litehostx86_64 -m 4 -d /dev/ttyUSB0 -p /dev/cdc-wdm0 -t 1 -f /tmp/fw
lite-fw-download does not work with ModemManager.
root@host:~# echo $?
120
`;

export const FWDWL_INVALID_IMAGE = `2023-05-04 10:11:12.345 Modem is in QDL mode. Continuing FW download
2023-05-04 10:11:13.001 <log value="ERROR: Invalid image type" />
2023-05-04 10:11:13.002 <response value="NAK" />
2023-05-04 10:11:13.010 FW download failed: 121
`;

export const FWDWL_NO_BOOT_AND_HOLD = `Modem not coming up in BOOT and HOLD mode in 60 seconds
FW download failed: 112
`;

/** Only the answers were pasted, quoted in a forum post, wrapped at 80 columns. */
export const FORUM_ANSWERS_ONLY = `> Manufacturer: Sierra Wireless, Incorporated
> Model: EM7455
> Revision: SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 0
> IMEI: 359072060123456
> !IMPREF:
>  preferred fw version:    02.30.01.01
>  preferred carrier name:  GENERIC
>  preferred config name:   GENERIC_002.045_000
>  current fw version:      02.24.05.06
>  current carrier name:    GENERIC
>  current config name:     GENERIC_002.026_000
>  fw version mismatch
>  config name mismatch
> !PCINFO: State: Low Power Mode
> LPM voters - Temp:0, Volt:0, User:0, W_DISABLE:0, IMSWITCH:1, BIOS:0, LWM2M:0, OMADM:0, FOTA:0
> +CFUN: 0
`;

/** A terminal logger with Tx/Rx prefixes and timestamps. */
export const RX_TX_TRANSCRIPT = `[10:11:12.001] Tx: AT+CPIN?
[10:11:12.050] Rx: +CME ERROR: SIM not inserted
[10:11:13.001] Tx: AT!USBCOMP?
[10:11:13.020] Rx: ERROR
[10:11:14.001] Tx: AT+CGDCONT=1,"IP","orange"
[10:11:14.020] Rx: OK
[10:11:15.001] Tx: ATD*99***1#
[10:11:17.500] Rx: NO CARRIER
[10:11:18.001] Tx: AT+KTCPSND=1,10
[10:11:18.020] Rx: +CME ERROR: 923
`;

/** journalctl: ModemManager has the port; enumeration trouble. */
export const JOURNAL_MM = `Jan 02 10:11:12 box kernel: usb 2-1: device descriptor read/64, error -71
Jan 02 10:11:13 box kernel: usb 2-1: New USB device found, idVendor=1199, idProduct=9071, bcdDevice= 0.06
Jan 02 10:11:20 box ModemManager[612]: <info>  [device /sys/devices/pci0000:00/0000:00:14.0/usb2/2-1] creating modem with plugin 'sierra'
Jan 02 10:12:00 box qmicli[900]: error: couldn't open the QmiDevice: Device or resource busy
`;

export const WDSI_SUCCESS = `+WDSI: 14
+WDSI: 16
`;

export const SEED_MIXED = `root@gateway:~# qmicli -d /dev/cdc-wdm0 --wds-start-network="apn=orange,ip-type=4" --client-no-release-cid
error: couldn't start network: QMI protocol error (14): 'CallFailed'
root@gateway:~# microcom /dev/ttyUSB2
ATI
Manufacturer: Sierra Wireless, Incorporated
Model: RC7620-1
Revision: SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24
IMEI: 352653090123456
IMEI SV:  7
+GCAP: +CGSM

OK
AT!IMPREF?
!IMPREF: 
 preferred fw version:    00.08.07.00
 preferred carrier name:  SIERRA
 preferred config name:   SIERRA_000.057_000
 current fw version:      00.08.07.00
 current carrier name:    SIERRA
 current config name:     SIERRA_000.057_000

OK
AT+CCID
+CCID: 8933014512345678901

OK
AT+CREG?
+CEREG: 2
+CREG: 0,1

OK
AT+COPS?
+COPS: 0,0,"Orange F",7

OK
`;

/** `mmcli -m 0` on the seed modem, pasted from a terminal. */
export const MMCLI_SEED = `pi@gw:~ $ mmcli -m 0
  -----------------------------
  General  |                path: /org/freedesktop/ModemManager1/Modem/0
           |           device id: 0123456789abcdef0123456789abcdef01234567
  -----------------------------
  Hardware |        manufacturer: Sierra Wireless, Incorporated
           |               model: RC7620-1
           |   firmware revision: SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24
           |        equipment id: 352653090123456
  -----------------------------
  Status   |               state: registered
           |         power state: on
           |      signal quality: 60% (recent)
  -----------------------------
  3GPP     |                imei: 352653090123456
           |         operator id: 20801
           |       operator name: Orange F
           |        registration: home
`;

/** qmicli quotes its values. */
export const QMICLI_IDS = `$ qmicli -d /dev/cdc-wdm0 --dms-get-revision
[/dev/cdc-wdm0] Device revision retrieved:
\tRevision: 'SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17 05:24:24'
$ qmicli -d /dev/cdc-wdm0 --dms-get-ids
[/dev/cdc-wdm0] Device IDs retrieved:
\t    ESN: '0'
\t   IMEI: '352653090123456'
\t   MEID: 'unknown'
`;
