// npm run bench [-- --json] [--quick] [--only parse,build,…]

export const GROUP_IDS = ['parse', 'build', 'unmask', 'utf8', 'accept', 'memory', 'handshakes', 'echo', 'echo-deflate'] as const;
export type GroupId = (typeof GROUP_IDS)[number];

const ALIASES: Record<string, GroupId> = { 'utf-8': 'utf8', sha1: 'accept', 'sha-1': 'accept', handshake: 'handshakes', deflate: 'echo-deflate' };

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  /** The groups to run, in the bench's order. */
  groups: GroupId[];
}

export const USAGE = `usage: npm run bench [-- --json] [--quick] [--only GROUP,…]
  --json    print the figures as one JSON document instead of tables
            (npm run -s bench -- --json, so npm adds no banner)
  --quick   short samples and caps, for a smoke run (figures are rough)
  --only    run these groups only: ${GROUP_IDS.join(', ')}
            (echo-deflate: the echo with permessage-deflate on both sides)
`;

/** Reads the arguments; a string is the usage error to print. */
export function parseOptions(args: string[]): BenchOptions | string | 'help' {
  const options: BenchOptions = { json: false, quick: false, groups: [...GROUP_IDS] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--json':
        options.json = true;
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--only': {
        const list = inline ?? args[++i];
        if (!list) return '--only needs a list of groups';
        const wanted = new Set<GroupId>();
        for (const name of list.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)) {
          const id = (GROUP_IDS as readonly string[]).includes(name) ? (name as GroupId) : ALIASES[name];
          if (!id) return `unknown group "${name}" (groups: ${GROUP_IDS.join(', ')})`;
          wanted.add(id);
        }
        options.groups = GROUP_IDS.filter((id) => wanted.has(id));
        break;
      }
      default:
        return `unknown argument "${args[i]}"`;
    }
  }
  return options;
}
