// What the lesson player's widgets show agrees with what the lessons say:
// a handshake block, walked by the handshake stepper's own walkthrough as
// the widget walks it, earns the status and accept value the lesson states;
// an exercise judges its right choice right and every other choice wrong;
// a builder block's "open in the builder" settings build its bytes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToHex, parseHex } from '../../engine/hex';
import { buildFrame } from '../../explorer-ui/src/features/builder/build-frame';
import { walkServerHandshake } from '../../explorer-ui/src/features/handshake/server-walkthrough';
import { builderSettings, decodeLessonHex, frameFact, sameAnswer } from '../../explorer-ui/src/features/lessons/check-lesson-block';
import { LESSONS } from '../../explorer-ui/src/features/lessons/lesson-catalog';
import { lessonBlocks, parseLesson } from '../../explorer-ui/src/features/lessons/lesson-document';
import type { LessonBlock } from '../../explorer-ui/src/features/lessons/lesson-blocks';
import { repoRoot } from '../support/cli';

const blocks = LESSONS.flatMap((entry) =>
  lessonBlocks(parseLesson(readFileSync(join(repoRoot, 'lessons', 'en', `${entry.id}.md`), 'utf8'))).map(({ line, block }) => ({ where: `${entry.id}:${line}`, block })));

function ofType<T extends LessonBlock['type']>(type: T) {
  return blocks.filter((b): b is { where: string; block: Extract<LessonBlock, { type: T }> } => b.block.type === type).map((b) => [b.where, b.block] as const);
}

describe('handshake widgets', () => {
  it.each(ofType('handshake'))('%s: the walkthrough gives the status, accept and failing check stated', (_, block) => {
    const walk = walkServerHandshake(block.request, { originPolicy: block.anyOrigin ? 'any' : 'same-origin', subprotocols: [] });
    expect(walk.kind).toBe('steps');
    if (walk.kind !== 'steps') return;
    const { decision } = walk;
    if (block.expect.status) expect(decision.accepted ? '101' : String(decision.status)).toBe(block.expect.status);
    if (block.expect.accept) expect(decision.derivation?.accept).toBe(block.expect.accept);
    if (block.expect.failing) expect(decision.checks.find((c) => !c.passed)?.id).toBe(block.expect.failing);
  });
});

describe('exercise widgets', () => {
  it.each(ofType('exercise'))('%s: the right choice is judged right, the others wrong', (_, block) => {
    const decoded = decodeLessonHex(block.hex, block);
    if (typeof decoded === 'string') throw new Error(decoded);
    const engine = frameFact(decoded, block.ask);
    expect(block.choices.filter((choice) => sameAnswer(choice, engine))).toEqual([block.answer]);
  });

  it('judges a typed answer as the lessons write facts: case and spacing aside', () => {
    expect(sameAnswer(' PING ', 'ping')).toBe(true);
    expect(sameAnswer('37FA213D', '37 fa 21 3d')).toBe(true);
    expect(sameAnswer('pong', 'ping')).toBe(false);
  });
});

describe('builder widgets', () => {
  it.each(ofType('builder'))('%s: the settings opened in the builder build the bytes shown', (_, block) => {
    const settings = builderSettings(block.settings);
    if (typeof settings === 'string') throw new Error(settings);
    const built = buildFrame(settings);
    expect(built.ok).toBe(true);
    if (!built.ok || !block.expectHex) return;
    const expected = parseHex(block.expectHex);
    expect(expected.ok && bytesToHex(built.bytes)).toBe(expected.ok && bytesToHex(expected.bytes));
  });
});
