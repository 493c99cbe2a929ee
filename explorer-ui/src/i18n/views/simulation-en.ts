// The simulation view's English wording: one section of the catalog, kept in
// its own file so the view's words sit together. catalog-en.ts names it
// `simulation`; views/simulation-zh.ts holds the same keys in Chinese.

export const simulationEn = {
  title: 'Simulation: two endpoints, one wire',
  intro: 'A client and a server, each the engine’s own <code>Connection</code>, joined by a wire you deliver byte by byte. The opening handshake goes first <rfc4/>, then frames <rfc52/>: watch each side’s reader wait for the next field, answer a ping, echo a close.',
  refused: 'The engine refused: {{message}}',
  scenario: 'Scenario',
  startAgain: 'Start again',
  controls: 'Delivery and time',
  nextByte: 'Next byte',
  nextByteTitle: 'The next byte of whichever unit was written first',
  deliverAll: 'Deliver everything',
  pause: '❚❚ Pause',
  play: '▶ Play',
  everyByte: 'one byte every',
  speed: 'Play speed',
  stepBack: '↶ Step back',
  steps_one: '{{count}} step taken',
  steps_other: '{{count}} steps taken',
  clock: 'Virtual clock',
  secondsToAdvance: 'Seconds to advance',
  advance: 'Advance',
  keepalive: 'The server pings every {{ping}} s and drops TCP {{pong}} s after the last pong. <rfc/>',
  noKeepalive: 'No keepalive in this scenario: time changes nothing on its own.',
  units: { unit: 'unit', request: 'upgrade request', response: 'response', fin: 'FIN', frame: 'frame' },
  restOf: 'Rest of the {{what}}',
  whole: 'Whole {{what}}',
} as const;
