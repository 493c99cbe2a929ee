// Output helpers that resolve once the text has been handed to the OS, so a
// megabyte JSON document piped into another program arrives complete, and
// that go quiet when the reader leaves early (`wsx decode … | head`): a
// closed pipe is the reader's choice, not an error worth a stack trace.

let stdoutClosed = false;

// Without a listener, EPIPE on stdout is thrown as an uncaught exception.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') stdoutClosed = true;
  else throw error;
});

/** True once the program reading standard output has closed it. */
export function outputClosed(): boolean {
  return stdoutClosed;
}

export function writeOut(text: string): Promise<void> {
  if (stdoutClosed) return Promise.resolve();
  return write(process.stdout, text).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
}

export function writeError(text: string): Promise<void> {
  return write(process.stderr, text);
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Bytes of text gathered before they are written: large enough to be cheap, small enough to stay bounded. */
const BATCH_CHARS = 64 * 1024;

/**
 * Standard output written piece by piece, in batches: each batch waits for
 * the OS to take the one before, so a huge output never piles up in memory.
 */
export class BatchedOutput {
  private pending: string[] = [];
  private pendingChars = 0;

  async write(text: string): Promise<void> {
    if (stdoutClosed) return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (text) await writeOut(text);
  }
}

/** Reads all of standard input as text (for `wsx decode -`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
