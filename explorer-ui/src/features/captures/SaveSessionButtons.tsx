// "Save as pcap" and "Save as JSON" for a session the page holds (a live
// one, a simulated one): its bytes both ways as a pcap file Wireshark
// follows as a TCP stream (engine/capture's writer), and as the JSON the
// Captures view opens again. The document is built when a button is
// pressed, from the session as it is then.

import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { filesOfDocument } from './session-export';
import { sessionFileName, type SessionDocument } from './session-document';
import { saveFile } from './save-file';

export function SaveSessionButtons({ name, document, testIdPrefix }: { name: string; document: () => SessionDocument; testIdPrefix: string }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const save = (as: 'pcap' | 'json') => {
    try {
      const files = filesOfDocument(document());
      saveFile(as === 'pcap' ? files.pcap : files.json, sessionFileName(name, as), as === 'pcap' ? 'application/vnd.tcpdump.pcap' : 'application/json');
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <span className="save-session">
      <button type="button" onClick={() => save('pcap')} title={t('captures.savePcapTitle')} data-testid={`${testIdPrefix}-save-pcap`}>
        {t('captures.savePcap')}
      </button>
      <button type="button" onClick={() => save('json')} title={t('captures.saveJsonTitle')} data-testid={`${testIdPrefix}-save-json`}>
        {t('captures.saveJson')}
      </button>
      {problem ? <span className="error" role="alert">{problem}</span> : null}
    </span>
  );
}
