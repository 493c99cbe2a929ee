// wsx: the command-line face of the explorer (DESIGN.md, "CLI contract").
// Each command lives in server/cli/<name>.ts and exports
// `run(args): Promise<number>` returning the exit code. Commands are loaded
// on demand so `wsx decode` never pays for the server's imports.

import { writeError } from './cli/output';

type Command = { run(args: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  decode: { summary: 'decode [--json] [--from client|server] HEX|-   explain WebSocket frames bit by bit', load: () => import('./cli/decode') },
  accept: { summary: 'accept KEY [--json]                             derive Sec-WebSocket-Accept step by step', load: () => import('./cli/accept') },
  serve: { summary: 'serve [--host H] [--port P] [--command CMD ARGS…] [--watch FILE]   run the explorer and live demos', load: () => import('./cli/serve') },
  proxy: { summary: 'proxy --listen P --target ws://HOST:PORT       tap traffic between a client and your server', load: () => import('./cli/proxy') },
  conform: { summary: 'conform ws://HOST:PORT/PATH [--cases …] [--json FILE]   run conformance cases against a server', load: () => import('./cli/conform') },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  wsx ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await writeError(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    await writeError(`wsx: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let loaded: Command;
  try {
    loaded = await command.load();
  } catch {
    await writeError(`wsx: the "${name}" command is not available in this build yet\n`);
    return 2;
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
