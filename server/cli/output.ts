// Output helpers that resolve once the text has been handed to the OS, so a
// megabyte JSON document piped into another program arrives complete.

export function writeOut(text: string): Promise<void> {
  return write(process.stdout, text);
}

export function writeError(text: string): Promise<void> {
  return write(process.stderr, text);
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Reads all of standard input as text (for `wsx decode -`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
