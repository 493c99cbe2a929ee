export function HandshakeView() {
  return <div className="view" data-testid="handshake-view"><h1>Handshake</h1></div>;
}
