/**
 * Timeouts and retries, libqmi's values by default (qfu-sahara-device.c, qfu-qdl-device.c).
 * Tests pass shorter ones; the message sequence does not change.
 */
export interface DownloadTimings {
  /** Listen for the Sahara hello (libqmi: 2 s settle + 3 s read). */
  readonly saharaListenMs: number;
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

export const LIBQMI_TIMINGS: DownloadTimings = {
  saharaListenMs: 5000,
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
