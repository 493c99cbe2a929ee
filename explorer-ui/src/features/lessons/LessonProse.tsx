// A lesson's text between its live blocks. The HTML is markdown-it's, made
// with raw HTML off (lesson-document.ts): every "<" a lesson writes arrives
// escaped, and markdown-it's link check refuses javascript:, vbscript: and
// data: addresses, so this holds only the markup Markdown itself makes
// (paragraphs, lists, emphasis, inline code such as gorilla's `Upgrader`,
// links). Nothing here ever comes from a person's input or a payload.

export function LessonProse({ html }: { html: string }) {
  return <div className="lesson-prose" dangerouslySetInnerHTML={{ __html: html }} />;
}
