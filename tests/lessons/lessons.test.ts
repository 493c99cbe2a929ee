// Every lesson, in every language: it parses, every live block in it agrees
// with the engine, and both languages carry the same blocks in the same
// steps, so a translation cannot quietly teach something else.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PAGES } from '../../server/demos/pages';
import { checkLessonBlock } from '../../explorer-ui/src/features/lessons/check-lesson-block';
import { DEMO_ENDPOINTS, languageNeutral } from '../../explorer-ui/src/features/lessons/lesson-blocks';
import { lessonBlocks, parseLesson } from '../../explorer-ui/src/features/lessons/lesson-document';
import { repoRoot } from '../support/cli';

const LANGUAGES = ['en', 'zh'] as const;
const lessonsDir = join(repoRoot, 'lessons');
const files = readdirSync(join(lessonsDir, 'en')).filter((name) => name.endsWith('.md')).sort();

function read(language: string, file: string) {
  return parseLesson(readFileSync(join(lessonsDir, language, file), 'utf8'));
}

describe('the lessons', () => {
  it('exist in both languages, under the same file names', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(readdirSync(join(lessonsDir, 'zh')).filter((name) => name.endsWith('.md')).sort()).toEqual(files);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      it.each(files)('%s: every block agrees with the engine', (file) => {
        const problems = lessonBlocks(read(language, file)).flatMap(({ line, block }) => checkLessonBlock(block).map((p) => `${file}:${line} ${block.type}: ${p}`));
        expect(problems).toEqual([]);
      });
    });
  }

  it.each(files)('%s: the same steps and blocks in every language', (file) => {
    const [en, zh] = LANGUAGES.map((language) => read(language, file));
    expect(zh.steps.length).toBe(en.steps.length);
    const shape = (lesson: typeof en) => lessonBlocks(lesson).map(({ step, block }) => ({ step, block: languageNeutral(block) }));
    expect(shape(zh)).toEqual(shape(en));
  });

  it('opens only demos the server has', () => {
    expect([...DEMO_ENDPOINTS].sort()).toEqual(Object.keys(DEMO_PAGES).filter((name) => name !== 'commandOff').sort());
  });
});

describe('the check itself', () => {
  it('catches a lesson that says something the engine does not', () => {
    const wrong = parseLesson([
      '# Wrong on purpose', '', '## A step', '',
      '```frame', 'hex: 81 05 48 65 6c 6c 6f', 'expect opcode: binary', 'expect payload length: 6', '```', '',
      '```exercise', 'question: ?', 'hex: 89 00', 'ask: opcode', 'choices: text, pong', 'answer: pong', '```', '',
      '```handshake', 'expect status: 101', 'request:', 'GET /chat HTTP/1.1', 'Host: server.example.com', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '```', '',
      '```builder', 'opcode: ping', 'payload: hi', 'expect hex: 89 02 68 68', '```', '',
      '```simulation', 'scenario: no-such-scenario', '```',
    ].join('\n'));
    expect(lessonBlocks(wrong).map(({ block }) => checkLessonBlock(block))).toEqual([
      ['opcode: the lesson says "binary", the engine says "text"', 'payload length: the lesson says "6", the engine says "5"'],
      ['the answer to "opcode": the lesson says "pong", the engine says "ping"'],
      ['status: the lesson says "101", the engine says "426"'],
      ['hex: the lesson says "89026868", the engine says "89026869"'],
      ['there is no simulation scenario "no-such-scenario"'],
    ]);
  });

  it('names the line of a block it cannot read', () => {
    expect(() => parseLesson('# T\n\n## S\n\n```frame\nhex: 81 00\nexpect colour: blue\n```\n')).toThrow(/^line 5: a frame block cannot expect "colour"/);
    expect(() => parseLesson('# T\n\n## S\n\n```frame\nhex: 81 00\ndeflate: maybe\n```\n')).toThrow(/^line 5: "deflate:" is yes, no context takeover or no/);
  });

  it('reads permessage-deflate as the block says it was agreed, and holds compression to the engine', () => {
    // RFC 7692 7.2.3.2: the second "Hello" leans on the first; RSV1 means nothing unless agreed.
    const shared = 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00';
    const wrong = parseLesson([
      '# Wrong on purpose', '', '## A step', '',
      '```frame', `hex: ${shared}`, 'deflate: no context takeover', 'expect messages: Hello, Hello', '```', '',
      '```frame', 'hex: c1 07 f2 48 cd c9 c9 07 00', 'expect messages: Hello', '```', '',
      '```frame', 'hex: c2 1b ec c1 01 0d 00 00 00 c2 a0 f7 4f 6d 0e 37 a0 00 00 00 00 00 00 00 00 00 e0 df 00', 'deflate: yes', 'max message: 10000', 'expect fails with: 1009', '```', '',
      '```builder', 'opcode: text', 'payload: Hello', 'compress: yes', 'expect hex: 81 05 48 65 6c 6c 6f', '```', '',
      '```handshake', 'deflate: yes', 'expect extensions: none', 'request:', 'GET /chat HTTP/1.1', 'Host: server.example.com', 'Upgrade: websocket', 'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Extensions: permessage-deflate', '```',
    ].join('\n'));
    expect(lessonBlocks(wrong).map(({ block }) => checkLessonBlock(block))).toEqual([
      ['messages: the lesson says "Hello, Hello", the engine says "Hello, not inflated"'],
      ['messages: the lesson says "Hello", the engine says "not inflated"'],
      // Exactly 10 000 bytes is within a limit of 10 000.
      ['fails with: the lesson says "1009", the engine says "none"'],
      ['hex: the lesson says "810548656c6c6f", the engine says "c107f248cdc9c90700"'],
      ['extensions: the lesson says "none", the engine says "permessage-deflate"'],
    ]);
  });
});
