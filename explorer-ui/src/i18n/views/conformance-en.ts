// The conformance view's English wording: one section of the catalog, kept in
// its own file so the view's words sit together. catalog-en.ts names it
// `conformance`; views/conformance-zh.ts holds the same keys in Chinese.

export const conformanceEn = {
  title: 'Conformance lab',
  intro: 'Does a server do what RFC 6455 asks? Hundreds of cases, each on its own connection: valid and broken frames, fragments with pings between them <rfc54/>, bad UTF-8 <rfc81/>, every way to close <rfc7/>, the opening handshake <rfc421/> and permessage-deflate <rfc7692/>. Each case shows the rule it rests on, what the server did, and every byte both ways.',
  noCase: 'No case open',
  noCaseHint: 'Open a case from the list (or use ↑ ↓ there) to read its rule, what the server did, and its wire log, frame by frame.',
} as const;
