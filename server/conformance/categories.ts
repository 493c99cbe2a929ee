// The categories, titled as the Autobahn testsuite titles them (its
// CaseCategories). Autobahn named category 0 "Handshake" and never filled
// it; here it holds the opening handshake's checks.

export const CATEGORY_TITLES: Readonly<Record<string, string>> = {
  '0': 'Handshake',
  '1': 'Framing',
  '2': 'Pings/Pongs',
  '3': 'Reserved Bits',
  '4': 'Opcodes',
  '5': 'Fragmentation',
  '6': 'UTF-8 Handling',
  '7': 'Close Handling',
  '9': 'Limits/Performance',
  '10': 'Auto-Fragmentation',
  '12': 'WebSocket Compression (different payloads)',
  '13': 'WebSocket Compression (different parameters)',
};

export function categoryTitle(category: string): string {
  return CATEGORY_TITLES[category] ?? `Category ${category}`;
}
