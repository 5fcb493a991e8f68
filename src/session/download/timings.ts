/**
 * Timeouts and retries, libqmi's values by default (qfu-sahara-device.c, qfu-qdl-device.c).
 * Tests pass shorter ones; the message sequence does not change.
 */
export interface DownloadTimings {
  /** Listen for the Sahara hello (libqmi: 2 s settle + 3 s read). */
  readonly saharaListenMs: number;
  /**
   * The hello is answered no sooner than this long after the port was opened. libqmi sleeps
   * 2 s after open before it reads (qfu-sahara-device.c): its comment says an EM7565 answered
   * sooner refuses the 0xFF00 switch with END_IMAGE_TRANSFER. We keep reading from the open
   * (nothing is lost) and only hold the answer back.
   */
  readonly helloSettleMs: number;
  /** The same Sahara step coming back this many times fails (libqmi: 5). */
  readonly saharaAttempts: number;
  /** The one Firehose `<nop/>` probe of the missed-hello recovery. */
  readonly firehoseProbeMs: number;
  /** Each Sahara step. */
  readonly saharaStepMs: number;
  /** QDL control replies (SDP, hello, open, close). */
  readonly qdlControlMs: number;
  /** QDL per-chunk ack. */
  readonly qdlChunkMs: number;
  /** Firehose ping + configure + storage info, one budget. */
  readonly firehoseInitMs: number;
  readonly firehoseProgramMs: number;
  readonly firehoseProgramAttempts: number;
  /** Final answer after the raw data (the module may verify for minutes). */
  readonly firehoseDataAckMs: number;
  readonly firehoseResetMs: number;
  readonly firehoseResetAttempts: number;
  /** How long to wait for the module to leave the bus after reset. */
  readonly goneAfterResetMs: number;
  /** One transfer the module does not accept within this long fails (libqmi: 2 s to become writable). */
  readonly writeStallMs: number;
}

/** libqmi's settle after open (qfu-sahara-device.c), named once. */
export const LIBQMI_HELLO_SETTLE_MS = 2000;

export const LIBQMI_TIMINGS: DownloadTimings = {
  saharaListenMs: 5000,
  helloSettleMs: LIBQMI_HELLO_SETTLE_MS,
  saharaAttempts: 5,
  firehoseProbeMs: 1000,
  saharaStepMs: 3000,
  qdlControlMs: 1000,
  qdlChunkMs: 120_000,
  firehoseInitMs: 10_000,
  firehoseProgramMs: 10_000,
  firehoseProgramAttempts: 3,
  firehoseDataAckMs: 300_000,
  firehoseResetMs: 10_000,
  firehoseResetAttempts: 10,
  goneAfterResetMs: 3000,
  writeStallMs: 30_000,
};

/** For tests against the in-memory virtual modem (answers are immediate). */
export const FAST_TIMINGS: DownloadTimings = {
  saharaListenMs: 150,
  // The in-memory modem has no settle fault unless a test asks for one (and then its timing).
  helloSettleMs: 0,
  saharaAttempts: 5,
  firehoseProbeMs: 150,
  saharaStepMs: 150,
  qdlControlMs: 150,
  qdlChunkMs: 500,
  firehoseInitMs: 300,
  firehoseProgramMs: 150,
  firehoseProgramAttempts: 3,
  firehoseDataAckMs: 500,
  firehoseResetMs: 150,
  firehoseResetAttempts: 2,
  goneAfterResetMs: 150,
  writeStallMs: 500,
};
