/**
 * The logic of the setup action (action.yml): `node setup_action.mjs resolve`, then
 * `node setup_action.mjs install`. Plain JavaScript on Node's built-ins, because Node is on
 * every GitHub-hosted runner image (Linux, macOS, Windows) while Deno is not, and one script
 * serves all three OSes where sh + PowerShell would be two implementations to keep in step.
 * Deno runs the same file: tests/e2e/setup_action_test.ts runs it under Deno (and Node when
 * present) against a fake release served from 127.0.0.1.
 *
 * Inputs arrive as environment variables (set by action.yml from its inputs):
 *   TORALE_VERSION      "latest" (default), "1.2.3" or "v1.2.3"
 *   TORALE_REPOSITORY   owner/name whose releases hold the binaries
 *   TORALE_RELEASES_URL where the releases are (default https://github.com/<repo>/releases)
 *   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE   set by the runner
 * install also reads TORALE_TARGET, TORALE_DIR (what resolve wrote), TORALE_VERIFY_ATTESTATION
 * ("true": `gh attestation verify`), TORALE_SETUP_API_KEY (written with
 * `torale auth set-api-key`, read from stdin, never printed) and TORALE_SETUP_API_URL.
 * Results go to $GITHUB_OUTPUT and $GITHUB_PATH; progress and errors to stderr.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

/** The released binaries, by the runner's RUNNER_OS and RUNNER_ARCH. */
export const TARGETS = {
  "Linux X64": "x86_64-unknown-linux-gnu",
  "Linux ARM64": "aarch64-unknown-linux-gnu",
  "macOS X64": "x86_64-apple-darwin",
  "macOS ARM64": "aarch64-apple-darwin",
  "Windows X64": "x86_64-pc-windows-msvc",
};

/** A failure to report as one `Error: ` line. */
class SetupError extends Error {}

/** The release target of a runner, or a clear error naming what exists. */
export function targetFor(os, arch) {
  const target = TARGETS[`${os} ${arch}`];
  if (target) return target;
  const known = Object.keys(TARGETS).join(", ");
  throw new SetupError(
    `no torale binary for this runner (RUNNER_OS "${os ?? ""}", RUNNER_ARCH "${arch ?? ""}"); ` +
      `released for: ${known}`,
  );
}

/** `torale-<target>`, with .exe on Windows. */
export function binaryName(target) {
  return `torale-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/**
 * The key input, taken out of the environment at once: no program this script runs (gh, the
 * binary) inherits it; `auth set-api-key` gets it on stdin.
 */
const API_KEY = process.env.TORALE_SETUP_API_KEY ?? "";
delete process.env.TORALE_SETUP_API_KEY;

function env(name, fallback = "") {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : value;
}

/**
 * The action's repository: TORALE_REPOSITORY, else read from the folder the runner checked
 * the action out to (…/_actions/<owner>/<name>/<ref>: `github.action_repository` can be empty
 * inside composite actions), else the workflow's own repository (`uses: ./`).
 */
export function repository() {
  const fromPath = /[\\/]_actions[\\/]([^\\/]+)[\\/]([^\\/]+)[\\/]/.exec(env("GITHUB_ACTION_PATH"));
  return env(
    "TORALE_REPOSITORY",
    fromPath ? `${fromPath[1]}/${fromPath[2]}` : env("GITHUB_REPOSITORY"),
  );
}

function releasesUrl() {
  const repo = repository();
  const base = env("TORALE_RELEASES_URL", repo ? `https://github.com/${repo}/releases` : "");
  if (!base) throw new SetupError("TORALE_REPOSITORY (the action's repository) is not set");
  return base.replace(/\/+$/, "");
}

/** "1.2.3" from "1.2.3", "v1.2.3", or the latest release's tag. */
async function resolveVersion(wanted) {
  const plain = /^v?(\d+\.\d+\.\d+)$/.exec(wanted);
  if (plain) return plain[1];
  if (wanted !== "latest") {
    throw new SetupError(`version "${wanted}" is not "latest" nor a version like 1.2.3`);
  }
  // The latest release redirects to its tag's page: no API call, no token.
  const url = `${releasesUrl()}/latest`;
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(FETCH_MS) });
  await response.body?.cancel();
  const tag = /\/tag\/v(\d+\.\d+\.\d+)$/.exec(response.headers.get("location") ?? "");
  if (!tag) {
    throw new SetupError(`could not find the latest release at ${url} (HTTP ${response.status})`);
  }
  return tag[1];
}

/** How long one request may take: a stalled download fails the step, not the job's timeout. */
const FETCH_MS = 120_000;

async function download(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_MS) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new SetupError(`could not download ${url}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The checksum SHA256SUMS gives for `name`. */
function expectedSum(sums, name) {
  for (const line of sums.split(/\r?\n/)) {
    const match = /^([0-9a-f]{64}) [ *]?(.+)$/.exec(line.trim());
    if (match && match[2] === name) return match[1];
  }
  throw new SetupError(`SHA256SUMS of the release has no line for ${name}`);
}

function output(name, value) {
  const file = env("GITHUB_OUTPUT");
  if (file) appendFileSync(file, `${name}=${value}\n`);
  else process.stdout.write(`${name}=${value}\n`);
}

/** resolve: the version, target and install folder, for the cache step's key and path. */
async function resolve() {
  const target = targetFor(env("RUNNER_OS"), env("RUNNER_ARCH"));
  const version = await resolveVersion(env("TORALE_VERSION", "latest"));
  const cache = env("RUNNER_TOOL_CACHE", join(env("RUNNER_TEMP", process.cwd()), "tools"));
  output("version", version);
  output("target", target);
  output("dir", join(cache, "torale", version, target));
}

function run(program, args, options = {}) {
  const result = spawnSync(program, args, { encoding: "utf8", ...options });
  if (result.error) throw new SetupError(`could not run ${program}: ${result.error.message}`);
  return result;
}

/** install: download (or reuse the cached copy), verify, put on PATH, write the key. */
async function install() {
  const version = env("TORALE_VERSION").replace(/^v/, "");
  const target = env("TORALE_TARGET");
  const dir = env("TORALE_DIR");
  if (!version || !target || !dir) throw new SetupError("run `resolve` first");
  const name = binaryName(target);
  const tagUrl = `${releasesUrl()}/download/v${version}`;
  const sums = new TextDecoder().decode(await download(`${tagUrl}/SHA256SUMS`));
  const expected = expectedSum(sums, name);
  const exe = join(dir, target.includes("windows") ? "torale.exe" : "torale");
  const cached = existsSync(exe) && sha256(readFileSync(exe)) === expected;
  if (cached) {
    process.stderr.write(`torale ${version} (${target}) from the cache\n`);
  } else {
    const bytes = await download(`${tagUrl}/${name}`);
    const actual = sha256(bytes);
    if (actual !== expected) {
      throw new SetupError(
        `checksum mismatch for ${name}: SHA256SUMS says ${expected}, the download is ${actual}; ` +
          "the download is refused",
      );
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(exe, bytes);
    chmodSync(exe, 0o755);
    process.stderr.write(`torale ${version} (${target}) downloaded, SHA-256 ${actual}\n`);
  }
  if (env("TORALE_VERIFY_ATTESTATION") === "true") {
    const repo = repository();
    const verify = run("gh", ["attestation", "verify", exe, "--repo", repo], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (verify.status !== 0) {
      throw new SetupError(
        `gh attestation verify found no valid provenance for ${name} in ${repo}`,
      );
    }
  }
  const shown = run(exe, ["--version"]);
  if (shown.status !== 0 || shown.stdout.split(/\r?\n/)[0] !== `torale ${version}`) {
    throw new SetupError(`${exe} --version did not say "torale ${version}"`);
  }
  const key = API_KEY;
  if (key) {
    const apiUrl = env("TORALE_SETUP_API_URL");
    const args = ["auth", "set-api-key", ...(apiUrl ? ["--api-url", apiUrl] : [])];
    const saved = run(exe, args, { input: `${key}\n`, stdio: ["pipe", "inherit", "inherit"] });
    if (saved.status !== 0) throw new SetupError(`torale auth set-api-key exited ${saved.status}`);
  }
  const pathFile = env("GITHUB_PATH");
  if (pathFile) appendFileSync(pathFile, `${dir}\n`);
  output("path", exe);
  output("cache-hit", String(cached));
}

const commands = { resolve, install };

if (import.meta.main ?? process.argv[1]?.endsWith("setup_action.mjs")) {
  const command = commands[process.argv[2] ?? ""];
  try {
    if (!command) throw new SetupError("usage: setup_action.mjs resolve|install");
    await command();
  } catch (error) {
    const message = error instanceof SetupError
      ? error.message
      : `${error?.stack ?? error} ${error?.cause ?? ""}`;
    process.stderr.write(`Error: ${message}\n`);
    process.exitCode = 1;
  }
}
