// The specification sentences the cases rest on, each written once, word for
// word (RFC 6455 unless named). Cases cite them by constant so the report
// shows the rule beside what the server did.

import type { RfcReference } from './report';

const rfc = (section: string, quote: string): RfcReference => ({ section, quote });

export const RFC = {
  // Framing
  payloadLength: rfc('RFC 6455 5.2', 'If 126, the following 2 bytes interpreted as a 16-bit unsigned integer are the payload length. If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit MUST be 0) are the payload length.'),
  textFrames: rfc('RFC 6455 5.6', 'The "Payload data" is text data encoded as UTF-8.'),
  binaryFrames: rfc('RFC 6455 5.6', 'The "Payload data" is arbitrary binary data whose interpretation is solely up to the application layer.'),
  unmaskedClientFrame: rfc('RFC 6455 5.1', 'The server MUST close the connection upon receiving a frame that is not masked. In this case, a server MAY send a Close frame with a status code of 1002 (protocol error)'),
  maskingKey: rfc('RFC 6455 5.3', 'The masking key is a 32-bit value chosen at random by the client.'),

  // Control frames
  controlFrames: rfc('RFC 6455 5.5', 'All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented.'),
  ping: rfc('RFC 6455 5.5.2', 'Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it already received a Close frame.'),
  pongPayload: rfc('RFC 6455 5.5.3', 'A Pong frame sent in response to a Ping frame must have identical "Application data" as found in the message body of the Ping frame being replied to.'),
  unsolicitedPong: rfc('RFC 6455 5.5.3', 'A Pong frame MAY be sent unsolicited. This serves as a unidirectional heartbeat. A response to an unsolicited Pong frame is not expected.'),

  // Reserved bits and opcodes
  rsv: rfc('RFC 6455 5.2', 'MUST be 0 unless an extension is negotiated that defines meanings for non-zero values. If a nonzero value is received and none of the negotiated extensions defines the meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_.'),
  unknownOpcode: rfc('RFC 6455 5.2', 'If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_.'),

  // Fragmentation
  fragmentedMessage: rfc('RFC 6455 5.4', 'A fragmented message consists of a single frame with the FIN bit clear and an opcode other than 0, followed by zero or more frames with the FIN bit clear and the opcode set to 0, and terminated by a single frame with the FIN bit set and an opcode of 0.'),
  controlInsideMessage: rfc('RFC 6455 5.4', 'An endpoint MUST be capable of handling control frames in the middle of a fragmented message.'),
  noInterleaving: rfc('RFC 6455 5.4', 'The fragments of one message MUST NOT be interleaved between the fragments of another message unless an extension has been negotiated that can interpret the interleaving.'),

  // UTF-8
  invalidUtf8: rfc('RFC 6455 8.1', 'When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_.'),
  partialUtf8: rfc('RFC 6455 5.6', 'Note that a particular text frame might include a partial UTF-8 sequence; however, the whole message MUST contain valid UTF-8.'),
  code1007: rfc('RFC 6455 7.4.1', '1007 indicates that an endpoint is terminating the connection because it has received data within a message that was not consistent with the type of the message (e.g., non-UTF-8 [RFC3629] data within a text message).'),

  // Closing
  answerClose: rfc('RFC 6455 5.5.1', 'If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST send a Close frame in response. (When sending a Close frame in response, the endpoint typically echos the status code it received.)'),
  closeBody: rfc('RFC 6455 5.5.1', 'If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer (in network byte order) representing a status code with value /code/ defined in Section 7.4.'),
  closeReason: rfc('RFC 6455 5.5.1', 'Following the 2-byte integer, the body MAY contain UTF-8-encoded data with value /reason/'),
  afterClose: rfc('RFC 6455 5.5.1', 'The application MUST NOT send any more data frames after sending a Close frame.'),
  serverClosesTcp: rfc('RFC 6455 7.1.1', 'The underlying TCP connection, in most normal cases, SHOULD be closed first by the server'),
  failConnection: rfc('RFC 6455 7.1.7', 'the endpoint SHOULD send a Close frame with an appropriate status code (Section 7.4) before proceeding to _Close the WebSocket Connection_.'),
  reservedCodes: rfc('RFC 6455 7.4.1', '1005 is a reserved value and MUST NOT be set as a status code in a Close control frame by an endpoint.'),
  codeRanges: rfc('RFC 6455 7.4.2', 'Status codes in the range 0-999 are not used.'),
  validCodes: rfc('RFC 6455 7.4.2', 'Status codes in the range 4000-4999 are reserved for private use and thus can\'t be registered.'),

  // Limits
  limits: rfc('RFC 6455 10.4', 'Implementations that have implementation- and/or platform-specific limitations regarding the frame size or total message size after reassembly from multiple frames MUST protect themselves against exceeding those limits.'),
  code1009: rfc('RFC 6455 7.4.1', '1009 indicates that an endpoint is terminating the connection because it has received a message that is too big for it to process.'),

  // Opening handshake
  badHandshake: rfc('RFC 6455 4.2.1', 'If the server, while reading the handshake, finds that the client did not send a handshake that matches the description below (...), including but not limited to any violations of the ABNF grammar specified for the components of the handshake, the server MUST stop processing the client\'s handshake and return an HTTP response with an appropriate error code (such as 400 Bad Request).'),
  getRequest: rfc('RFC 6455 4.2.1', 'An HTTP/1.1 or higher GET request, including a "Request-URI" [RFC2616] that should be interpreted as a /resource name/'),
  hostHeader: rfc('RFC 6455 4.2.1', 'A |Host| header field containing the server\'s authority.'),
  host400: rfc('RFC 9112 3.2', 'A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host header field and to any request message that contains more than one Host header field line or a Host header field with an invalid field value.'),
  upgradeHeader: rfc('RFC 6455 4.2.1', 'An |Upgrade| header field containing the value "websocket", treated as an ASCII case-insensitive value.'),
  connectionHeader: rfc('RFC 6455 4.2.1', 'A |Connection| header field that includes the token "Upgrade", treated as an ASCII case-insensitive value.'),
  keyHeader: rfc('RFC 6455 4.2.1', 'A |Sec-WebSocket-Key| header field with a base64-encoded (see Section 4 of [RFC4648]) value that, when decoded, is 16 bytes in length.'),
  versionHeader: rfc('RFC 6455 4.2.1', 'A |Sec-WebSocket-Version| header field, with a value of 13.'),
  versionRefusal: rfc('RFC 6455 4.2.2', 'If this version does not match a version understood by the server, the server MUST abort the WebSocket handshake described in this section and instead send an appropriate HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding.'),
  upgradeOn426: rfc('RFC 9110 15.5.22', 'The server MUST send an Upgrade header field in a 426 response to indicate the required protocol(s)'),
  allowOn405: rfc('RFC 9110 15.5.6', 'The origin server MUST generate an Allow header field in a 405 response containing a list of the target resource\'s currently supported methods.'),
  accept: rfc('RFC 6455 4.2.2', 'A |Sec-WebSocket-Accept| header field. The value of this header field is constructed by concatenating /key/, defined above in step 4 in Section 4.2.2, with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", taking the SHA-1 hash of this concatenated value to obtain a 20-byte value and base64-encoding (see Section 4 of [RFC4648]) this 20-byte hash.'),
  headerCase: rfc('RFC 6455 4.2.1', 'treated as an ASCII case-insensitive value'),
  origin: rfc('RFC 6455 4.2.2', 'If the server does not wish to accept this connection, it MUST return an appropriate HTTP error code (e.g., 403 Forbidden) and abort the WebSocket handshake described in this section.'),
  subprotocol: rfc('RFC 6455 4.2.2', 'if the server does not wish to agree to one of the suggested subprotocols, it MUST NOT send back a |Sec-WebSocket-Protocol| header field in its response'),
  subprotocolToken: rfc('RFC 6455 4.1', 'The elements that comprise this value MUST be non-empty strings with characters in the range U+0021 to U+007E not including separator characters as defined in [RFC2616] and MUST all be unique strings.'),
  extensionsOffered: rfc('RFC 6455 9.1', 'Any extension-token used MUST be a registered token (see Section 11.4).'),
  unknownExtension: rfc('RFC 6455 4.1', 'If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates the use of an extension that was not present in the client\'s handshake (the server has indicated an extension not requested by the client), the client MUST _Fail the WebSocket Connection_.'),

  // permessage-deflate
  declineOffer: rfc('RFC 7692 7.1', 'A server MUST decline an extension negotiation offer for this extension if any of the following conditions are met: The negotiation offer contains an extension parameter not defined for use in an offer.'),
  serverNoContextTakeover: rfc('RFC 7692 7.1.1.1', 'A server accepts an extension negotiation offer that includes the "server_no_context_takeover" extension parameter by including the "server_no_context_takeover" extension parameter in the corresponding extension negotiation response to send back to the client.'),
  serverMaxWindowBits: rfc('RFC 7692 7.1.2.1', 'A server accepts an extension negotiation offer with this parameter by including the "server_max_window_bits" extension parameter in the extension negotiation response to send back to the client with the same or smaller value as the offer.'),
  compress: rfc('RFC 7692 7.2.1', 'Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end.'),
  compressedBit: rfc('RFC 7692 6', 'On a WebSocket connection where a PMCE is in use, this bit indicates whether a message is compressed or not.'),
} as const;
