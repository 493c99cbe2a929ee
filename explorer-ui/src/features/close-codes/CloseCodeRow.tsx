// One row of the close-code registry (RFC 6455 7.4.1, 7.4.2 and IANA's later
// codes) and the table head above it: the Close codes view lists them all,
// and a lesson's ```close-code block shows the row of the code it teaches.

import type { CloseCodeInfo } from '../../../../engine/close';

/** Column headings, left to right. */
const COLUMNS = ['Code', 'Name', 'Who may send it', 'On the wire', 'What it means · what to do'] as const;

const SENDER_LABEL: Record<CloseCodeInfo['sender'], string> = {
  either: 'either endpoint',
  client: 'client only',
  server: 'server only',
  local: 'nobody: an API reports it locally',
  nobody: 'nobody: invalid in a close frame',
};

const GORILLA_TITLE = 'The constant gorilla/websocket names it by';

export function CloseCodeTableHead() {
  return (
    <thead>
      <tr>{COLUMNS.map((column) => <th key={column} scope="col">{column}</th>)}</tr>
    </thead>
  );
}

export function CloseCodeRow({ info }: { info: CloseCodeInfo }) {
  return (
    <tr data-testid={`close-code-${info.code}`} className={info.validOnWire ? undefined : 'close-table__never'}>
      <th scope="row" className="mono close-table__code">{info.code}</th>
      <td>
        <strong>{info.name}</strong><br />
        {info.gorillaName ? <><code className="small" title={GORILLA_TITLE}>websocket.{info.gorillaName}</code><br /></> : null}
        <span className="muted small">{info.source}</span>
      </td>
      <td>{SENDER_LABEL[info.sender]}</td>
      <td>{info.validOnWire ? <span className="badge badge--ok">allowed</span> : <span className="badge badge--bad">forbidden</span>}</td>
      <td>
        <p>{info.meaning}</p>
        <p className="close-table__advice">{info.advice}</p>
      </td>
    </tr>
  );
}
