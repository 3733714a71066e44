// A small Dockerfile reader: enough of the syntax for test/deploy/docker-steps.test.ts to perform
// the Dockerfile's own steps (FROM/WORKDIR/COPY/RUN/ENV/USER/VOLUME/EXPOSE/HEALTHCHECK/CMD), so
// the file and the script that stands in for `docker build && docker run` cannot drift apart.

export interface Instruction {
  /** Upper-case keyword: FROM, COPY, RUN, ... */
  op: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = `${line.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    }
    const m = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot read "${line}"`);
    const instruction = { op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start + 1 };
    if (instruction.op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`Dockerfile line ${start + 1}: cannot read FROM ${instruction.args}`);
      stages.push({ image: from[1]!, name: from[2] ?? null, instructions: [] });
      continue;
    }
    if (!stages.length) throw new Error(`Dockerfile line ${start + 1}: ${instruction.op} before FROM`);
    stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

export interface CopyStep {
  from: string | null;
  sources: string[];
  dest: string;
}

export function parseCopy(args: string): CopyStep {
  const words = args.split(/\s+/);
  let from: string | null = null;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift()!;
    const m = /^--from=(.+)$/.exec(flag);
    if (m) from = m[1]!;
    else if (!/^--(chown|chmod|link)(=|$)/.test(flag)) throw new Error(`COPY flag ${flag} is not supported by the test script`);
  }
  if (words.length < 2) throw new Error(`COPY ${args}: needs a source and a destination`);
  const dest = words.pop()!;
  return { from, sources: words, dest };
}

/** `KEY=value KEY2=value2` (the only ENV form the Dockerfile uses). */
export function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of args.match(/[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|\S*)/g) ?? []) {
    const [key, ...rest] = pair.split('=');
    out[key!] = rest.join('=').replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** Exec form `["a", "b"]` → array; shell form → null. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  return JSON.parse(args) as string[];
}

/** The command of `HEALTHCHECK [--options] CMD <command>`. */
export function healthcheckCommand(args: string): string {
  const m = /(?:^|\s)CMD\s+([\s\S]+)$/.exec(args);
  if (!m) throw new Error(`HEALTHCHECK ${args}: no CMD`);
  return m[1]!.trim();
}
