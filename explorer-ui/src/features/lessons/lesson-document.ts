// A lesson file as the player needs it: its title, then its steps (each
// "## " heading starts one), each a list of parts in order: Markdown to
// render as HTML, and the live blocks (lesson-blocks.ts) to render as
// widgets. CommonMark through markdown-it, with raw HTML off, so a lesson's
// text can hold no markup of its own.

import MarkdownIt from 'markdown-it';
import { LessonBlockError, isBlockType, parseLessonBlock, type LessonBlock } from './lesson-blocks';

export type LessonPart = { kind: 'markdown'; html: string } | { kind: 'block'; block: LessonBlock; line: number };

export interface LessonStep {
  heading: string;
  parts: LessonPart[];
}

export interface LessonDocument {
  title: string;
  steps: LessonStep[];
}

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** Reads a lesson; throws LessonBlockError naming the line of a block or a heading at fault. */
export function parseLesson(source: string): LessonDocument {
  const tokens = markdown.parse(source, {});
  let title: string | null = null;
  const steps: LessonStep[] = [];
  let pending: typeof tokens = [];

  const flushMarkdown = () => {
    if (pending.length === 0) return;
    const html = markdown.renderer.render(pending, markdown.options, {});
    pending = [];
    if (!steps.length) throw new LessonBlockError('a lesson starts with "# Title" and then "## " for its first step');
    if (html.trim()) steps[steps.length - 1].parts.push({ kind: 'markdown', html });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open' && (token.tag === 'h1' || token.tag === 'h2')) {
      flushMarkdown();
      const text = tokens[i + 1].content;
      i += 2; // inline, heading_close
      if (token.tag === 'h1') {
        if (title !== null) throw new LessonBlockError(`line ${(token.map?.[0] ?? 0) + 1}: a lesson has one "# " title`);
        title = text;
      } else {
        steps.push({ heading: text, parts: [] });
      }
      continue;
    }
    if (token.type === 'fence' && isBlockType(token.info.trim())) {
      flushMarkdown();
      if (!steps.length) throw new LessonBlockError('a block comes before the first "## " step');
      const line = (token.map?.[0] ?? 0) + 1;
      try {
        steps[steps.length - 1].parts.push({ kind: 'block', block: parseLessonBlock(token.info.trim() as Parameters<typeof parseLessonBlock>[0], token.content), line });
      } catch (error) {
        throw new LessonBlockError(`line ${line}: ${error instanceof Error ? error.message : String(error)}`);
      }
      continue;
    }
    pending.push(token);
  }
  flushMarkdown();
  if (title === null) throw new LessonBlockError('a lesson starts with a "# " title');
  if (steps.length === 0) throw new LessonBlockError('a lesson has at least one "## " step');
  return { title, steps };
}

/** Every live block of a lesson, in order, with its step. */
export function lessonBlocks(lesson: LessonDocument): Array<{ step: number; line: number; block: LessonBlock }> {
  return lesson.steps.flatMap((step, index) => step.parts.flatMap((part) => (part.kind === 'block' ? [{ step: index, line: part.line, block: part.block }] : [])));
}
