/**
 * `torale --help`, pre-rendered: scripts/build.ts writes the page stricli renders into the
 * release bundle in place of the marker below, so the bundle and the binaries print it without
 * loading a command tree (all of them are needed to render it). From source the marker stays
 * and stricli renders the page as for any other help.
 */
const PAGE: string = "@@TORALE_ROOT_HELP@@";

/** The words that ask for the root help page. */
export function isRootHelp(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === "--help" || args[0] === "-h" || args[0] === "help");
}

/** The pre-rendered page, or undefined when this is not a built bundle. */
export function builtRootHelp(): string | undefined {
  return PAGE.startsWith("@@TORALE_ROOT_HELP") ? undefined : PAGE;
}
