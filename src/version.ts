/** The CLI version: the one source of truth, stamped into binaries by scripts/compile.ts. */
export const VERSION = "0.1.0";
