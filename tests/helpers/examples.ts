/**
 * Running documented examples: the `help.examples` of every command and the shell blocks of
 * README.md and docs/. An example is a command line as a user types it; this module reads
 * what its trailing comment says about it, builds the world it expects (a local API seeded
 * with the ids, names and codes the docs use, a config with profiles, files in the current
 * directory) and runs it: in-process when it is a plain `torale …` line, through bash with a
 * `torale` shim on PATH when it needs the shell.
 *
 * What an example's trailing comment can say (the help page shows it as written):
 * - `# (classic API only)` — runs against the classic generation (current otherwise);
 * - `# exits N …` — the exit code it ends with (0 otherwise);
 * - `# until Ctrl-C …` — it runs until interrupted: it is interrupted after a while and
 *   must then exit 130.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Generation } from "../../local_api/server.ts";
import type { SecretStore } from "../../src/deps.ts";
import { serve } from "../../src/system/serve.ts";
import { cliPermissionFlags } from "../../scripts/permissions.ts";
import { denoDir } from "../../scripts/deno_dir.ts";
import { type CliResult, ENTRY, runInProcess, TORALE_BIN } from "./cli.ts";
import { startWorld, type World } from "./example_world.ts";

export { startWorld, type World };

/** What a documented command line expects. */
export interface Expectation {
  generation: Generation;
  exit: number;
  /** Runs until Ctrl-C: interrupted after a while, then exits 130. */
  untilInterrupt: boolean;
}

/** The comment that ends `line`, after a `#` outside quotes that starts a word; "" if none. */
export function trailingComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === "\\") i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(i + 1).trim();
  }
  return "";
}

/** What the trailing comments of `lines` say (the first that says it wins). */
export function expectationOf(lines: readonly string[]): Expectation {
  const comments = lines.map(trailingComment);
  const exit = comments.map((c) => /\bexits? (\d+)\b/i.exec(c)).find((m) => m);
  return {
    generation: comments.some((c) => /classic API only/i.test(c)) ? "classic" : "current",
    exit: exit ? Number(exit[1]) : 0,
    untilInterrupt: comments.some((c) => /until Ctrl-C/i.test(c)),
  };
}

/**
 * The words of a plain command line (quotes and backslashes as the shell reads them, a
 * trailing comment dropped), or undefined when it needs a shell: pipes, redirections,
 * `$`, backquotes, `&`, `;`, globs, or variable assignments.
 */
export function plainWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = "";
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = "";
      else if ("$`\\".includes(c)) return undefined;
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) break;
    else if ("|&;<>()$`*?[]{}~\\".includes(c)) return undefined;
    else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "=" && word !== undefined && words.length === 0) return undefined;
    else word = (word ?? "") + c;
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/** How long an until-Ctrl-C example runs before it is interrupted; any other, at most. */
const INTERRUPT_AFTER_MS = 2_000;
const HANG_MS = 30_000;

/** An OS credential store in memory (for `auth move-key keychain`). */
function memoryKeychain(): SecretStore {
  const saved = new Map<string, string>();
  return {
    name: "test keychain",
    get: (account) => Promise.resolve(saved.get(account)),
    set: (account, secret) => Promise.resolve(void saved.set(account, secret)),
    delete: (account) => Promise.resolve(saved.delete(account)),
  };
}

/**
 * Runs one command line of the docs in `world`: in-process with fake deps when it is a
 * plain `torale …` line (from the world's directory, answering prompts with the world's
 * key and "yes"; through `options.fetch` when given), otherwise through bash.
 */
export async function runLine(
  world: World,
  line: string,
  untilInterrupt: boolean,
  options: { fetch?: typeof fetch } = {},
): Promise<CliResult> {
  const script = world.substitute(line);
  const words = plainWords(script);
  if (!words || words[0] !== "torale") {
    // A completion script's example runs in the shell it is for.
    const shell = /\bcompletions (zsh|fish)\b/.exec(script.replace(/#[^'"]*$/, ""))?.[1];
    return await runScript(world, script, { untilInterrupt, shell: shell ?? "bash" });
  }
  const interrupts: (() => void)[] = [];
  const store = memoryKeychain();
  // Ctrl-C, pressed again until the command has set up to hear it.
  let pressing: ReturnType<typeof setInterval> | undefined;
  const timer = setTimeout(() => {
    pressing = setInterval(() => interrupts.forEach((press) => press()), 500);
    interrupts.forEach((press) => press());
  }, untilInterrupt ? INTERRUPT_AFTER_MS : HANG_MS);
  const before = Deno.cwd();
  Deno.chdir(world.dir);
  try {
    return await runInProcess(words.slice(1), {
      // A listener gets a free port, not the docs' 8765 or 9000: another run may hold them.
      serve: (options, handler) => serve({ ...options, port: 0 }, handler),
      home: world.home,
      fetch: options.fetch,
      stdinIsTerminal: true,
      realSleep: true,
      interrupts,
      keychain: () => Promise.resolve(store),
      prompt: {
        password: () => Promise.resolve(world.key),
        confirm: () => Promise.resolve(true),
      },
      secrets: printsKey(line) ? [] : [world.key],
    });
  } finally {
    clearTimeout(timer);
    clearInterval(pressing);
    Deno.chdir(before);
  }
}

/** `torale auth token` prints the key: that is what it is for. */
function printsKey(line: string): boolean {
  return /\bauth token\b/.test(line);
}

let shimDir: Promise<string> | undefined;

/**
 * A directory holding `torale`: main.ts (or TORALE_ENTRY) run with the CLI's permissions,
 * or the TORALE_BIN binary; removed when the test process ends.
 */
function shim(): Promise<string> {
  shimDir ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "torale-shim-" });
    const root = join(import.meta.dirname!, "..", "..");
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    const flags = cliPermissionFlags(join(root, "node_modules"));
    const argv = (TORALE_BIN ? [TORALE_BIN] : [Deno.execPath(), "run", "-q", ...flags, ENTRY])
      .map(quote).join(" ");
    // Started on the script's key file, it reads the key from the start (see PRELUDE).
    const reopen = '[ "$(readlink /proc/self/fd/0)" = "$TORALE_DOCS_KEYFILE" ] && ' +
      'exec <"$TORALE_DOCS_KEYFILE"';
    const text = `#!/bin/sh\n${reopen}\nexec ${argv} "$@"\n`;
    await Deno.writeTextFile(join(dir, "torale"), text, { mode: 0o755 });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return dir;
  })();
  return shimDir;
}

/** The first lines of a script, by shell: what a user's shell has done before a docs line. */
const PRELUDE: Record<string, string> = {
  // Each `torale` reading the script's stdin reads the key from its start, as a user would
  // paste it at each prompt (the shim reopens the file; a pipe the script makes is left be).
  bash: 'exec < "$TORALE_DOCS_KEYFILE"\n',
  // And compinit, as ~/.zshrc runs it.
  zsh: 'exec < "$TORALE_DOCS_KEYFILE"\nautoload -Uz compinit && compinit -u\n',
  // No key on stdin: fish runs completion examples only.
  fish: "",
};

/** How `runScript` runs a script. */
export interface ScriptOptions {
  untilInterrupt: boolean;
  /** bash (the default), zsh or fish. */
  shell?: string;
}

/**
 * Runs `script` with bash (or `options.shell`) in the world's directory, HOME and
 * variables, `torale` on PATH and (bash, zsh) the world's key on stdin (what
 * `torale auth set-api-key` reads there). It runs in a process group of its own, so that
 * Ctrl-C (SIGINT to the group) reaches every command.
 */
export async function runScript(
  world: World,
  script: string,
  options: ScriptOptions,
): Promise<CliResult> {
  const { untilInterrupt, shell = "bash" } = options;
  const child = new Deno.Command("setsid", {
    args: [shell, "-c", `${PRELUDE[shell]}${script}`],
    cwd: world.dir,
    clearEnv: true,
    env: {
      PATH: `${await shim()}:${Deno.env.get("PATH") ?? ""}`,
      HOME: world.home,
      DENO_DIR: await denoDir(),
      NO_COLOR: "1",
      TORALE_DOCS_KEYFILE: world.keyFile,
      ...world.env,
    },
    // The prelude gives bash and zsh the key file: a pipe written here could be closed by
    // then (a broken pipe, now and then).
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const signal = (name: Deno.Signal) => {
    try {
      Deno.kill(-child.pid, name);
    } catch { /* already ended */ }
  };
  const interrupt = setTimeout(() => signal("SIGINT"), untilInterrupt ? 4_000 : HANG_MS);
  const kill = setTimeout(() => signal("SIGKILL"), HANG_MS + 10_000);
  try {
    const output = await child.output();
    const result = {
      code: output.signal === "SIGINT" ? 130 : output.code,
      stdout: new TextDecoder().decode(output.stdout),
      stderr: new TextDecoder().decode(output.stderr),
    };
    const leaked = result.stdout.includes(world.key) || result.stderr.includes(world.key);
    if (leaked && !printsKey(script)) {
      throw new Error(`the full API key appeared in the output of: ${script}`);
    }
    return result;
  } finally {
    clearTimeout(interrupt);
    clearTimeout(kill);
  }
}

/** A shell block of a Markdown file and what its markers say. */
export interface Block {
  file: string;
  /** The line of the opening fence, from 1. */
  line: number;
  script: string;
  skip?: string;
  generation: Generation;
  exit: number;
  untilInterrupt: boolean;
}

/** The bash and sh blocks of one Markdown text, with the markers above each. */
export function shellBlocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence[2]));
    const close = end === -1 ? lines.length : end;
    if (fence[3] === "bash" || fence[3] === "sh") {
      const markers: Record<string, string> = {};
      for (let j = i - 1; j >= 0; j--) {
        if (lines[j].trim() === "") continue; // deno fmt puts a blank line after a comment.
        const marker = /^\s*<!--\s*([\w-]+):\s*(.*?)\s*-->\s*$/.exec(lines[j]);
        if (!marker) break;
        markers[marker[1]] ??= marker[2];
      }
      const generation = markers.generation ?? "current";
      assert(generation === "current" || generation === "classic", `${file}:${i + 1}`);
      blocks.push({
        file,
        line: i + 1,
        script: lines.slice(i + 1, close).join("\n"),
        skip: markers["not-run"],
        generation,
        exit: Number(markers.exit ?? 0),
        untilInterrupt: /^Ctrl-C$/i.test(markers.until ?? ""),
      });
    }
    i = close;
  }
  return blocks;
}
