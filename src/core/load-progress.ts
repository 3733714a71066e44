/** Count, total and rate on stderr while a large corpus loads — only on a terminal. */
export function ttyLoadProgress(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return undefined;
  return ({ loaded, total, ratePerSec }: { loaded: number; total: number; ratePerSec: number }) => {
    stream.write(`\rLoading documents: ${loaded}/${total} (${Math.round(ratePerSec)} docs/s)${loaded >= total ? '\n' : ''}`);
  };
}
