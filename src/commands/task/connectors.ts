/** What `task create` and `task update` share about `--connector`. */
import { UsageError } from "../../errors.ts";

/** What a toolkit slug looks like (the service's are lowercase words). */
const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The slugs of repeated `--connector` flags, trimmed, each once, in the order given; undefined
 * when none was given. An empty or malformed one is a usage error.
 */
export function connectorSlugs(values: readonly string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const slugs: string[] = [];
  for (const value of values) {
    const slug = value.trim();
    if (!SLUG.test(slug)) {
      throw new UsageError(`Invalid connector "${value}"`, {
        hints: [
          slug === ""
            ? "To detach every connector use --no-connectors (task update)."
            : "Connectors are toolkit slugs such as notion, linear or github: torale connectors available",
        ],
      });
    }
    if (!slugs.includes(slug)) slugs.push(slug);
  }
  return slugs;
}
