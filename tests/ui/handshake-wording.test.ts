// The handshake stepper's permessage-deflate steps in both languages: the
// catalogs' English for each offer's verdict and each parameter is the
// walkthrough's own (features/handshake/deflate-walkthrough.ts), and the
// Chinese keeps every number; a decline reads in Chinese by the engine's
// sentence.

import { describe, expect, it } from 'vitest';
import { parseExtensionsHeader } from '../../engine/extensions-header';
import { offerReason, parameterMeaning } from '../../explorer-ui/src/features/handshake/DeflateStepViews';
import { checkClientDeflate, walkServerDeflate } from '../../explorer-ui/src/features/handshake/deflate-walkthrough';
import { i18n } from '../../explorer-ui/src/i18n';

const en = i18n.getFixedT('en');
const zh = i18n.getFixedT('zh');
const CJK = /[\u4e00-\u9fff]/;

const OFFERS = [
  'permessage-deflate; client_max_window_bits',
  'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12',
  'x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=9, permessage-deflate',
  'permessage-deflate; mystery=1, permessage-deflate',
  'permessage-deflate; server_max_window_bits=8, permessage-deflate; server_no_context_takeover=1, permessage-deflate; client_max_window_bits=20, permessage-deflate; server_max_window_bits',
];

describe('permessage-deflate steps', () => {
  it.each(OFFERS)('%s: each offer and parameter reads as the walkthrough says it, and in Chinese', (header) => {
    const walk = walkServerDeflate(parseExtensionsHeader([header]).offers);
    for (const offer of walk.offers) {
      expect(offerReason(offer, en)).toBe(offer.reason);
      expect(offerReason(offer, zh), offer.reason).toMatch(CJK);
      for (const parameter of offer.parameters) {
        expect(parameterMeaning(parameter, 'offer', en)).toBe(parameter.meaning);
        const chinese = parameterMeaning(parameter, 'offer', zh);
        expect(chinese, parameter.text).toMatch(CJK);
        for (const number of parameter.meaning.match(/\d[\d,]*/g) ?? []) expect(chinese, parameter.text).toContain(number);
      }
    }
  });

  it('an answer’s parameters too', () => {
    const offered = parseExtensionsHeader(['permessage-deflate; client_max_window_bits; server_max_window_bits=10']).offers;
    const check = checkClientDeflate(offered, [{ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; server_max_window_bits=10; client_max_window_bits=11; client_no_context_takeover' }]);
    expect(check).not.toBeNull();
    for (const parameter of check!.parameters) {
      expect(parameterMeaning(parameter, 'answer', en)).toBe(parameter.meaning);
      expect(parameterMeaning(parameter, 'answer', zh)).toMatch(CJK);
    }
  });
});
