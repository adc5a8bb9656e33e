/** What `task create` and `task update` share about `--connector`. */
import { TOOLKIT_SLUG_PATTERN } from "../../api/connectors.ts";
import { UsageError } from "../../errors.ts";

const SLUG = new RegExp(TOOLKIT_SLUG_PATTERN);

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
