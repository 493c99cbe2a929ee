// Hands bytes to the browser as a download: a Blob, a link with a file
// name, a click. Nothing leaves the page.

export function saveFile(bytes: Uint8Array | string, fileName: string, mediaType: string): void {
  const blob = new Blob([typeof bytes === 'string' ? bytes : bytes.slice()], { type: mediaType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
