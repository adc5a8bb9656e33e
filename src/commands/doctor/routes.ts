/** `torale doctor`: its spec; the verb is loaded only when it runs. */
import { command } from "../../kit/spec.ts";

/** `torale doctor`. */
export function doctorCommand() {
  return command({
    load: async () => (await import("./doctor.ts")).default,
    brief: "Check the setup: API URL, reachability, key, config file modes, proxies, clock",
    description: [
      "Prints one ✓/✗ line per check, with what to do under each failed one:",
      "the API URL and where it came from, whether GET /health answers and how fast,",
      "the API generation (classic or current), whether the key is accepted and for whom,",
      "the modes of ~/.torale (0700) and config.json (0600), the proxy variables in effect,",
      "and the local clock against the server's (more than 5 minutes apart fails).",
      "The key is only ever shown masked. Exits 0 when every check passes, 1 otherwise.",
    ],
    examples: [
      "torale doctor",
      "torale doctor --json",
      "torale doctor --api-url http://localhost:8000",
    ],
  });
}
