// The examples RFC 6455 itself gives, written once for every test that
// checks against them.

/** Section 5.7: the masking key of the masked "Hello" example. */
export const RFC_MASKING_KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/** Section 5.7: "A single-frame masked text message" containing "Hello". */
export const RFC_MASKED_HELLO = Uint8Array.of(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);

/** Section 5.7: "A single-frame unmasked text message" containing "Hello". */
export const RFC_UNMASKED_HELLO = Uint8Array.of(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);

/** Section 1.3: the sample Sec-WebSocket-Key and the accept value it yields. */
export const RFC_SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const RFC_SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
