// A packet as a capture file holds it: the link layer's bytes with when and
// on which interface they were seen. pcap-format.ts and pcapng-format.ts
// produce these; packet-layers.ts reads what is inside.

export interface CaptureTimestamp {
  /** Seconds since the Unix epoch. */
  seconds: number;
  /** 0 to 999 999 999. */
  nanoseconds: number;
}

export interface CapturedPacket {
  /** 1, 2, 3…: the number Wireshark shows in its first column. */
  number: number;
  /** LINKTYPE_ value (tcpdump.org link-layer header types): 1 Ethernet, 113 Linux cooked, … */
  linkType: number;
  /** The pcapng interface (0 in a pcap file). */
  interfaceId: number;
  /** Null for a pcapng simple packet block, which carries no time. */
  timestamp: CaptureTimestamp | null;
  /** The bytes the file holds (at most the snap length). */
  data: Uint8Array;
  /** The packet's length on the wire; more than data.length when the capture cut it short. */
  originalLength: number;
}

/** A timestamp as milliseconds since the epoch, as the tap's `at` counts time. */
export function timestampToMs(timestamp: CaptureTimestamp | null): number | null {
  return timestamp === null ? null : timestamp.seconds * 1000 + timestamp.nanoseconds / 1e6;
}
