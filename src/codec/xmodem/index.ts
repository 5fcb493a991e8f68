export * from './constants.ts';
export { crc16Xmodem, checksum8 } from './crc.ts';
export { encodeBlock, parseFrame, type ParsedFrame } from './block.ts';
export { XmodemSender, type SenderAction, type SenderOptions, type SenderState, type SenderStats, type XmodemSendFailure } from './sender.ts';
export { XmodemReceiver, type ReceiverOptions, type ReceiverStep, type ReceiverStats, type XmodemReceiveFailure } from './receiver.ts';
