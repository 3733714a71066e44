// Text from documents (titles, paths, file names) printed on a terminal: C0/C1 control characters
// are removed, so a file cannot move the cursor, recolour or retitle the operator's terminal.
// Tabs and newlines stay; the caller decides where lines break.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}
