// TCP packets sorted into conversations: one per connection, named by its
// two endpoints (RFC 9293 3.1: a connection is identified by the pair of
// sockets), each direction reassembled on its own (tcp-reassembly.ts).
// A new SYN on a pair whose connection ended, or with another initial
// sequence number, opens a new conversation: ports get reused.
//
// The client is the endpoint that sent the SYN (3.5 "Establishing a
// connection"). When the capture missed the handshake, the endpoint with
// the higher port is taken for the client (clients use ephemeral ports),
// and the conversation says it guessed; a caller that knows better names
// the client itself (FrameStart.client).

import type { CaptureNote, CaptureStream, Endpoint } from './capture-model';
import { formatEndpoint } from './capture-model';
import type { TcpPacketLayers } from './packet-layers';
import { TcpStreamAssembler } from './tcp-reassembly';

export interface TcpConversation {
  /** "tcp-1", "tcp-2"…, in the order their first packets were captured. */
  id: string;
  client: Endpoint;
  server: Endpoint;
  /** How the client is known: it sent the SYN, or it is the endpoint with the higher port (a guess), or the caller said so. */
  clientKnownBy: 'syn' | 'ports' | 'caller';
  packets: number;
  firstPacket: number | null;
  lastPacket: number | null;
  startedAt: number | null;
  endedAt: number | null;
  streams: { client: CaptureStream; server: CaptureStream };
  notes: CaptureNote[];
}

interface OpenConversation {
  id: string;
  order: number;
  /** Endpoints as "address:port", in the order seen. */
  endpoints: [Endpoint, Endpoint];
  assemblers: Map<string, TcpStreamAssembler>;
  synSender: string | null;
  synAckSender: string | null;
  clientSequence: number | null;
  finished: Set<string>;
  reset: boolean;
  packets: number;
  firstPacket: number | null;
  lastPacket: number | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface PacketMeta {
  number: number | null;
  time: number | null;
}

export class TcpConversationTracker {
  private readonly open = new Map<string, OpenConversation>();
  private readonly done: OpenConversation[] = [];
  private count = 0;

  add(layers: TcpPacketLayers, meta: PacketMeta): void {
    const source: Endpoint = { address: layers.ip.source, port: layers.tcp.sourcePort };
    const destination: Endpoint = { address: layers.ip.destination, port: layers.tcp.destinationPort };
    const from = formatEndpoint(source);
    const to = formatEndpoint(destination);
    const key = from < to ? `${from} ${to}` : `${to} ${from}`;
    const { flags } = layers.tcp;
    let conversation = this.open.get(key);
    const opening = flags.syn && !flags.ack;
    if (conversation && opening && this.startsAnother(conversation, from, layers.tcp.sequenceNumber)) {
      this.done.push(conversation);
      this.open.delete(key);
      conversation = undefined;
    }
    if (!conversation) {
      conversation = this.start(source, destination);
      this.open.set(key, conversation);
    }
    if (opening && conversation.synSender === null) {
      conversation.synSender = from;
      conversation.clientSequence = layers.tcp.sequenceNumber;
    }
    if (flags.syn && flags.ack && conversation.synAckSender === null) conversation.synAckSender = from;
    if (flags.fin) conversation.finished.add(from);
    if (flags.rst) conversation.reset = true;
    conversation.packets++;
    conversation.firstPacket ??= meta.number;
    conversation.lastPacket = meta.number;
    if (meta.time !== null) {
      conversation.startedAt ??= meta.time;
      conversation.endedAt = meta.time;
    }
    let assembler = conversation.assemblers.get(from);
    if (!assembler) {
      assembler = new TcpStreamAssembler(source);
      conversation.assemblers.set(from, assembler);
    }
    assembler.add({
      sequenceNumber: layers.tcp.sequenceNumber,
      syn: flags.syn,
      fin: flags.fin,
      rst: flags.rst,
      payload: layers.payload,
      payloadLength: layers.payloadLength,
      time: meta.time,
      packet: meta.number,
    });
  }

  /** Every conversation, in the order their first packets came. */
  finish(): TcpConversation[] {
    const all = [...this.done, ...this.open.values()].sort((a, b) => a.order - b.order);
    this.open.clear();
    this.done.length = 0;
    return all.map((conversation) => this.close(conversation));
  }

  private startsAnother(conversation: OpenConversation, from: string, sequence: number): boolean {
    const ended = conversation.reset || conversation.finished.size === 2;
    const anotherSyn = conversation.synSender !== null && (conversation.synSender !== from || conversation.clientSequence !== sequence);
    return ended || anotherSyn;
  }

  private start(source: Endpoint, destination: Endpoint): OpenConversation {
    const order = ++this.count;
    return {
      id: `tcp-${order}`,
      order,
      endpoints: [source, destination],
      assemblers: new Map(),
      synSender: null,
      synAckSender: null,
      clientSequence: null,
      finished: new Set(),
      reset: false,
      packets: 0,
      firstPacket: null,
      lastPacket: null,
      startedAt: null,
      endedAt: null,
    };
  }

  private close(conversation: OpenConversation): TcpConversation {
    const [first, second] = conversation.endpoints;
    const firstName = formatEndpoint(first);
    const secondName = formatEndpoint(second);
    let clientIsFirst: boolean;
    let clientKnownBy: TcpConversation['clientKnownBy'] = 'syn';
    if (conversation.synSender !== null) clientIsFirst = conversation.synSender === firstName;
    else if (conversation.synAckSender !== null) clientIsFirst = conversation.synAckSender === secondName;
    else {
      clientKnownBy = 'ports';
      clientIsFirst = first.port >= second.port;
    }
    const client = clientIsFirst ? first : second;
    const server = clientIsFirst ? second : first;
    const finishStream = (endpoint: Endpoint, direction: 'client' | 'server') => {
      const assembler = conversation.assemblers.get(formatEndpoint(endpoint)) ?? new TcpStreamAssembler(endpoint);
      return assembler.finish(direction);
    };
    const clientSide = finishStream(client, 'client');
    const serverSide = finishStream(server, 'server');
    const notes = [...clientSide.notes, ...serverSide.notes];
    if (clientKnownBy === 'ports') {
      notes.unshift({ kind: 'start-missing', message: `the capture has no SYN for this connection: ${formatEndpoint(client)} is taken for the client because its port is the higher (clients use ephemeral ports)` });
    }
    if (conversation.reset) notes.push({ kind: 'tcp-ending', message: 'the connection was reset (RST)', time: clientSide.stream.reset ? clientSide.stream.endedAt ?? undefined : serverSide.stream.endedAt ?? undefined });
    return {
      id: conversation.id,
      client,
      server,
      clientKnownBy,
      packets: conversation.packets,
      firstPacket: conversation.firstPacket,
      lastPacket: conversation.lastPacket,
      startedAt: conversation.startedAt,
      endedAt: conversation.endedAt,
      streams: { client: clientSide.stream, server: serverSide.stream },
      notes,
    };
  }
}
