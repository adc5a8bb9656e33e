/**
 * The one module that uses @inquirer/prompts. It is loaded lazily, only when
 * a prompt is shown, because the package and Node's process shim slow
 * start-up (~14 ms for the shim alone).
 *
 * `node:process` is imported inside a function on purpose: the release bundle
 * (scripts/build.ts) hoists every static import of an external module to its
 * top, which would boot the shim on every run.
 */
import { InterruptedError } from "../errors.ts";
import { importPackage } from "../packages.ts";
import { hideDeniedEnv } from "../safe_env.ts";

let loaded: Promise<{ inquirer: typeof import("@inquirer/prompts"); output: NodeJS.WriteStream }>;

function load() {
  loaded ??= (async () => {
    const { default: process } = await import("node:process");
    hideDeniedEnv(process);
    const inquirer = await importPackage("@inquirer/prompts");
    // Prompts go to stderr so stdout stays clean for results.
    return { inquirer, output: process.stderr };
  })();
  return loaded;
}

async function interruptible<T>(prompt: Promise<T>): Promise<T> {
  try {
    return await prompt;
  } catch (error) {
    // inquirer restores the terminal, then rejects with ExitPromptError on Ctrl-C.
    if ((error as Error)?.name === "ExitPromptError") {
      throw new InterruptedError({ cause: error });
    }
    throw error;
  }
}

/** Asks for a secret, echoing `*` for each character. */
export async function password(message: string): Promise<string> {
  const { inquirer, output } = await load();
  return await interruptible(inquirer.password({ message, mask: "*" }, { output }));
}

/** Asks a yes/no question; the default is no. */
export async function confirm(message: string): Promise<boolean> {
  const { inquirer, output } = await load();
  return await interruptible(inquirer.confirm({ message, default: false }, { output }));
}
