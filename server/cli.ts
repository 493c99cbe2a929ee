// wsx: the command-line face of the explorer (its contract is in
// docs/architecture.md). Each command lives in server/cli/<name>.ts and
// exports `run(args): Promise<number>` returning the exit code. Commands are
// loaded on demand so `wsx decode` never pays for the server's imports.
// `wsx --help` and `wsx COMMAND --help` print to standard output and exit 0.

import { writeError, writeOut } from './cli/output';

type Command = { run(args: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  decode: { summary: 'decode [--json] [--from client|server] [--max-message N] [--deflate] HEX|-   explain WebSocket frames bit by bit', load: () => import('./cli/decode') },
  accept: { summary: 'accept KEY [--json]   derive Sec-WebSocket-Accept step by step', load: () => import('./cli/accept') },
  serve: { summary: 'serve [--host H] [--port P] [--command CMD ARGS…] [--watch FILE] [--no-deflate] [--lab-target URL]   run the explorer and the live demos', load: () => import('./cli/serve') },
  proxy: {
    summary: 'proxy --listen P --target ws://HOST:PORT/PATH | wss://… [--insecure] [--ca FILE]   watch your own app: forward its WebSockets through the explorer',
    load: () => import('./cli/proxy'),
  },
  capture: {
    summary: 'capture --out FILE.pcap [--server http://127.0.0.1:8080] [--token T] [--seconds N]   record a running explorer\'s sessions as a pcap file for Wireshark',
    load: () => import('./cli/capture'),
  },
  conform: {
    summary: 'conform ws://HOST:PORT/PATH [--cases 1.*,5.*] [--json FILE] [--html FILE] [--max-message N]   run the conformance suite against an echo server',
    load: () => import('./cli/conform'),
  },
};

/** Commands the explorer will have and does not yet: named so the message is honest. */
const planned: Record<string, string> = {
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  wsx ${c.summary}`);
  return `usage: wsx COMMAND [ARGS…]   (wsx COMMAND --help explains one)\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    await writeOut(usage());
    return 0;
  }
  if (name === 'help') return args[0] ? main([args[0], '--help']) : main(['--help']);
  if (!name) {
    await writeError(usage());
    return 2;
  }
  const command = commands[name];
  if (!command && planned[name]) {
    await writeError(`wsx: "${planned[name]}" is planned but not built yet\n`);
    return 2;
  }
  if (!command) {
    await writeError(`wsx: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let loaded: Command;
  try {
    loaded = await command.load();
  } catch (error) {
    await writeError(`wsx: the "${name}" command failed to load: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
  return loaded.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not process.exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  async (error: unknown) => {
    await writeError(`wsx: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
