export { DownloadEngine, CANCEL_CONFIRMATION, DEFAULT_TRANSFER_SIZE, type DownloadEngineOptions, type DownloadEvents, type DownloadProgress, type DownloadResult, type CancelOutcome } from './engine.ts';
export { DownloadError, isDownloadError, nextStepFor, type DownloadErrorCode, type DownloadPhase } from './errors.ts';
export { readCweHeader, type DownloadImage, type ImageInspection } from './image.ts';
export { LIBQMI_TIMINGS, FAST_TIMINGS, type DownloadTimings } from './timings.ts';
export { identify, isEmergencyMode, type DeviceIdentity } from './identity.ts';
export { ProtocolTrace, type LogEntry } from './protocol-trace.ts';
export { downloadImageFromReport } from './from-report.ts';
export { SliceReader } from './slice-reader.ts';
export type { Detection } from './detect.ts';
