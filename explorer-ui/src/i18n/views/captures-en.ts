// The captures view's English wording: one section of the catalog, kept in
// its own file so the view's words sit together. catalog-en.ts names it
// `captures`; views/captures-zh.ts holds the same keys in Chinese.

export const capturesEn = {
  title: 'Captures',
  intro: 'Open what people capture: a Wireshark or tcpdump file (pcap, pcapng), a HAR file exported from the browser’s DevTools, or a session saved here. Every TCP conversation in it is named; a WebSocket session is shown as a live one is: the upgrade <rfc4/>, then each frame both ways <rfc52/>, with the time the capture saw it. The file is read in this page, off its main thread; nothing is uploaded.',
  loadingSession: 'Reading the session’s frames…',
  openFile: 'Open a file',
  chooseFile: 'Choose a file…',
  fileLabel: 'Capture file',
  dropHint: 'or drop one anywhere on this view: pcap, pcapng, HAR, or a session saved as JSON.',
  readingLabel: 'Reading {{name}}',
  decoding: 'Read all {{packets}} packets of {{name}}; putting each conversation back in order and finding its frames…',
  reading: 'Reading {{name}}: {{read}} of {{size}} MB, {{packets}} packets',
  inPage: ' (in this page: this browser would not start a worker here)',
  failed: 'Could not read {{name}}: {{reason}}',
  packetCounts: ' ({{tcp}} TCP, {{other}} other)',
  conversations_one: '{{count}} conversation',
  conversations_other: '{{count}} conversations',
  readIn: ' · read in {{seconds}} s',
  notes_one: '{{count}} note about the file',
  notes_other: '{{count}} notes about the file',
  kinds: { pcap: 'pcap', pcapng: 'pcapng', har: 'HAR (HTTP Archive)', 'saved-session': 'a saved session' },
  savePcap: 'Save as pcap',
  savePcapTitle: 'A pcap file Wireshark opens: the bytes both ways over a TCP connection written around them',
  saveJson: 'Save as JSON',
  saveJsonTitle: 'A JSON file the Captures view opens again',
} as const;
