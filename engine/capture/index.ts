// Captures: what the explorer's UI and CLI call. Everything here is pure
// (bytes in, a session model out) and runs in a Web Worker as it runs in
// Node. The pieces, by job:
//
//   capture-file-reader, pcap-format, pcapng-format   the file formats, read in chunks
//   link-layer, ip-layer, tcp-header, packet-layers   one packet, layer by layer
//   tcp-reassembly, tcp-conversations                 each direction back in sequence order
//   http-exchange, tls-record, websocket-session      what a conversation is; its WebSocket session
//   session-frames                                    the session's frames, by the engine's decoder
//   capture-reading                                   a capture file start to end
//   pasted-packets                                    whole packets pasted as hex
//   har-sessions, rebuilt-stream                      a browser's HAR file, bytes rebuilt
//   tcp-synthesis, pcap-writer, tap-pcap, session-pcap   writing pcap from the tap or any session
//   session-chunks, session-tap-messages              a session as the Live view's tap messages

export type {
  CaptureFrame,
  CaptureNote,
  CaptureNoteKind,
  CaptureProgress,
  CaptureSession,
  CaptureSessionState,
  CaptureSource,
  CaptureStream,
  CapturedHead,
  Endpoint,
  FrameStart,
  ProgressCallback,
  StreamChunk,
  StreamRun,
} from './capture-model';
export { formatEndpoint } from './capture-model';
export { CaptureReader, readCapture, type CaptureReading, type CaptureReadOptions } from './capture-reading';
export type { ConversationKind, ConversationReading } from './websocket-session';
export { readConversation } from './websocket-session';
export type { TcpConversation } from './tcp-conversations';
export { decodeSessionSteps, frameArrival, sessionDecodeRanges, type SessionDecodeRange, type SessionDecodeStep } from './session-frames';
export { readPastedPackets, splitPacketDumps, type PastedPacket, type PastedPacketsResult } from './pasted-packets';
export { readPacketLayers, recognisePacket, type TcpPacketLayers } from './packet-layers';
export { readHar, type HarReading } from './har-sessions';
export { TapPcapRecorder, piecesToPcap, tapChunksToPcap, type StreamPiece } from './tap-pcap';
export { sessionToPcap } from './session-pcap';
export { sessionToTapMessages } from './session-tap-messages';
export { sessionChunks, sessionPieces } from './session-chunks';
