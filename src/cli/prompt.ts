/**
 * The one module that uses @inquirer/prompts. It is loaded lazily, only when
 * a prompt is shown, because the package and Node's process shims slow
 * start-up; the package itself is imported through importPackage for the
 * same reason.
 */
import "./safe_env.ts";
import process from "node:process";
import { InterruptedError } from "../errors.ts";
import { importPackage } from "../packages.ts";

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

// Prompts go to stderr so stdout stays clean for results.
const context = () => ({ output: process.stderr });

/** Asks for a secret, echoing `*` for each character. */
export async function password(message: string): Promise<string> {
  const inquirer = await importPackage("@inquirer/prompts");
  return await interruptible(inquirer.password({ message, mask: "*" }, context()));
}

/** Asks a yes/no question; the default is no. */
export async function confirm(message: string): Promise<boolean> {
  const inquirer = await importPackage("@inquirer/prompts");
  return await interruptible(inquirer.confirm({ message, default: false }, context()));
}
