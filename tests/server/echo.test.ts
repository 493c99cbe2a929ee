import { describe, expect, it } from 'vitest';
import { explorerForFile } from '../support/explorer-server';
import { RawClient } from '../support/raw-client';

const explorer = explorerForFile();

describe('/echo', () => {
  it('echoes text as text', async () => {
    const client = await RawClient.connect(explorer.port);
    client.sendText('Hello, 世界');
    const message = await client.nextMessage();
    expect(message.opcode).toBe(0x1);
    expect(message.payload.toString('utf8')).toBe('Hello, 世界');
    client.sendClose(1000);
    const outcome = await client.expectClose();
    expect(outcome.close?.code).toBe(1000);
    expect(outcome.tcpClosed).toBe(true);
  });

  it('echoes binary as binary', async () => {
    const client = await RawClient.connect(explorer.port);
    const data = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    client.sendFrame({ opcode: 0x2, payload: data });
    const message = await client.nextMessage();
    expect(message.opcode).toBe(0x2);
    expect(new Uint8Array(message.payload)).toEqual(data);
    client.destroy();
  });

  it('echoes a fragmented message whole, with a ping between its fragments answered first', async () => {
    const client = await RawClient.connect(explorer.port);
    client.sendFrame({ opcode: 0x1, payload: 'frag', fin: false });
    client.sendFrame({ opcode: 0x9, payload: 'p' });
    client.sendFrame({ opcode: 0x0, payload: 'men', fin: false });
    client.sendFrame({ opcode: 0x0, payload: 'ted', fin: true });
    const message = await client.nextMessage();
    expect(message.control.map((f) => [f.opcode, f.payload.toString()])).toEqual([[0xa, 'p']]);
    expect(message.payload.toString()).toBe('fragmented');
    client.destroy();
  });

  it('fails on RSV2 set with 1002 and then closes TCP', async () => {
    const client = await RawClient.connect(explorer.port);
    client.sendFrame({ opcode: 0x1, payload: 'x', rsv: 2 });
    const outcome = await client.expectClose();
    expect(outcome.close?.code).toBe(1002);
    expect(outcome.tcpClosed).toBe(true);
  });
});
