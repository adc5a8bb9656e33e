/**
 * The one module that imports @inquirer/prompts. It is loaded lazily, only
 * when a prompt is shown, because it pulls in Node shims that slow start-up.
 */
import "./safe_env.ts";
import { confirm as inquirerConfirm, password as inquirerPassword } from "@inquirer/prompts";
import process from "node:process";
import { InterruptedError } from "../errors.ts";

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
export function password(message: string): Promise<string> {
  return interruptible(
    inquirerPassword({ message, mask: "*" }, { output: stderrStream() }),
  );
}

/** Asks a yes/no question; the default is no. */
export function confirm(message: string): Promise<boolean> {
  return interruptible(
    inquirerConfirm({ message, default: false }, { output: stderrStream() }),
  );
}

function stderrStream() {
  // Prompts go to stderr so stdout stays clean for results.
  return process.stderr;
}
