// "Save as pcap" and "Save as JSON" for a session the page holds (a live
// one, a simulated one): its bytes both ways as a pcap file Wireshark
// follows as a TCP stream (engine/capture's writer), and as the JSON the
// Captures view opens again. The document is built when a button is
// pressed, from the session as it is then.

import { useState } from 'react';
import { filesOfDocument } from './session-export';
import { sessionFileName, type SessionDocument } from './session-document';
import { saveFile } from './save-file';

export function SaveSessionButtons({ name, document, testIdPrefix }: { name: string; document: () => SessionDocument; testIdPrefix: string }) {
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
      <button type="button" onClick={() => save('pcap')} title="A pcap file Wireshark opens: the bytes both ways over a TCP connection written around them" data-testid={`${testIdPrefix}-save-pcap`}>
        Save as pcap
      </button>
      <button type="button" onClick={() => save('json')} title="A JSON file the Captures view opens again" data-testid={`${testIdPrefix}-save-json`}>
        Save as JSON
      </button>
      {problem ? <span className="error" role="alert">{problem}</span> : null}
    </span>
  );
}
