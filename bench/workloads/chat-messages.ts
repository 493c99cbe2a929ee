// The compressed echo's messages: chat messages as a JSON API would send
// them, about 1 KiB each. Field names and most values repeat from one to the
// next, as they do in real traffic, so permessage-deflate has something to
// find; ids, times, authors and the text vary, the text new words drawn
// from a common vocabulary, so no message is a near-copy of one before it
// (with context takeover, RFC 7692 7.1.1, a copy would compress to a few
// back-references and flatter both sides).

const AUTHORS = ['ada', 'grace', 'linus', 'margaret', 'dennis', 'barbara', 'ken', 'radia', 'edsger', 'frances', 'tim', 'vint'];
const ROOMS = ['#general', '#protocols', '#rfc-6455', '#rfc-7692', '#random', '#releases'];
const REACTIONS = ['thumbs_up', 'eyes', 'tada', 'heart', 'rocket', 'thinking'];
/** The text is drawn from these words, so it compresses about as English does, never as a copy. */
const WORDS = (
  'the a of to and in is it that for on with as was at by be this have from or one had not but what all were when we there can ' +
  'an your which their said if do will each about how up out them then she many some so these would other into has more her two ' +
  'like him see time could no make than first been its who now people my made over did down only way find use may water long little ' +
  'very after words called just where most know get through back much before go good new write our used me man too any day same right ' +
  'look think also around another came come work three word must because does part even place well such here take why help put different ' +
  'away again off went old number server client frame handshake mask payload close ping pong message socket header deflate window ' +
  'extension upgrade browser proxy byte length opcode fragment text binary reason code status origin key accept version protocol'
).split(' ');

/** The target size of one message, in bytes (the text is ASCII, so characters are bytes). */
const TARGET_BYTES = 1024;

/** A small seeded generator (mulberry32): the same sequence for the same seed, so every run sends the same bytes. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Message `index` of the sequence: deterministic, so every run and both servers see the same bytes. */
export function chatMessage(index: number): string {
  const random = seeded(index + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const author = pick(AUTHORS);
  const message = {
    type: 'chat.message',
    id: `msg-${(1_000_000 + index * 7919).toString(36)}`,
    room: pick(ROOMS),
    sentAt: new Date(Date.UTC(2026, 10, 30, 9) + index * 61_337).toISOString(),
    author: { id: `user-${Math.floor(random() * 1000)}`, name: author, avatar: `https://chat.example.com/avatars/${author}.png`, roles: random() < 0.25 ? ['member', 'moderator'] : ['member'] },
    text: '',
    mentions: [{ id: `user-${Math.floor(random() * 1000)}`, name: pick(AUTHORS) }],
    reactions: [pick(REACTIONS), pick(REACTIONS)].map((emoji) => ({ emoji, count: 1 + Math.floor(random() * 9) })),
    replyTo: random() < 0.3 ? null : `msg-${(1_000_000 + Math.floor(random() * index) * 7919).toString(36)}`,
    edited: random() < 0.2,
    delivery: { sequence: index, acknowledged: random() < 0.5, client: 'websocket-explorer-bench/1.0' },
  };
  // Words until the message reaches the target size, then trimmed to it.
  const words: string[] = [];
  while (JSON.stringify({ ...message, text: words.join(' ') }).length < TARGET_BYTES) words.push(pick(WORDS));
  const text = words.join(' ');
  const overflow = JSON.stringify({ ...message, text }).length - TARGET_BYTES;
  return JSON.stringify({ ...message, text: text.slice(0, text.length - overflow) });
}

/** `count` consecutive messages of the sequence, each exactly 1 KiB. */
export function chatMessages(count: number): string[] {
  return Array.from({ length: count }, (_, i) => chatMessage(i));
}
