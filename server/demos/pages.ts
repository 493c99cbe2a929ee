// The demo pages are files in server/demos/pages/: one HTML file per page,
// its script as plain JavaScript (type-checked by `npm run typecheck`
// through tsconfig's checkJs, and served as it is, so there is no build
// step), one stylesheet for all of them, and the favicon the explorer uses
// too. This file says which URL serves which of those files.

import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const DEMO_PAGES_DIR = join(import.meta.dirname, 'pages');

/** A page's HTML file in DEMO_PAGES_DIR, e.g. 'chat.html'. */
export type DemoPageFile = `${string}.html`;

/** The demo pages, by the path they are served at. */
export const DEMO_PAGES = {
  echo: { path: '/demo/echo', file: 'echo.html' },
  chat: { path: '/demo/chat', file: 'chat.html' },
  filewatch: { path: '/demo/filewatch', file: 'filewatch.html' },
  many: { path: '/demo/many', file: 'many.html' },
  command: { path: '/demo/command', file: 'command.html' },
  /** What /demo/command shows when the server runs no command: how to turn it on. */
  commandOff: { path: '/demo/command', file: 'command-off.html' },
} as const satisfies Record<string, { path: string; file: DemoPageFile }>;

/** Where the pages find their scripts and stylesheet: /demo/chat.js is pages/chat.js. */
export const DEMO_ASSET_PREFIX = '/demo/';
/** The favicon of the demos and of the explorer UI. */
export const FAVICON_PATH = '/favicon.svg';

/** The file types served from DEMO_PAGES_DIR besides the pages; .html only through DEMO_PAGES. */
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface DemoFile {
  contentType: string;
  body: Buffer;
}

/**
 * The demo asset a URL path names (/demo/chat.js, /demo/demo.css,
 * /favicon.svg), or null. Only plain file names with a listed extension are
 * read, so no path can reach outside DEMO_PAGES_DIR.
 */
export async function readDemoAsset(urlPath: string): Promise<DemoFile | null> {
  const name = urlPath === FAVICON_PATH ? 'favicon.svg' : urlPath.startsWith(DEMO_ASSET_PREFIX) ? urlPath.slice(DEMO_ASSET_PREFIX.length) : null;
  if (name === null || !/^[a-z0-9][a-z0-9-]*\.[a-z]+$/.test(name)) return null;
  const contentType = ASSET_TYPES[extname(name)];
  if (!contentType) return null;
  try {
    return { contentType, body: await readFile(join(DEMO_PAGES_DIR, name)) };
  } catch {
    return null;
  }
}

/** A page's HTML, read when it is asked for, so an edited page shows on reload. */
export async function readDemoPage(file: DemoPageFile): Promise<DemoFile> {
  return { contentType: 'text/html; charset=utf-8', body: await readFile(join(DEMO_PAGES_DIR, file)) };
}
