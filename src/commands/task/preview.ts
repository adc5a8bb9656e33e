/** `torale task preview`: run a query once without saving a task. */
import type { Source } from "../../api/types.ts";
import type { Context } from "../../kit/context.ts";
import { Session } from "../../kit/session.ts";
import { ApiError, UsageError } from "../../errors.ts";
import { DEFAULT_MODEL } from "../../config/schema.ts";

/** Flags of `task preview`. */
export interface PreviewFlags {
  query: string;
  condition?: string;
  model?: string;
}

/** The preview answer. */
export interface Preview {
  answer: string;
  condition_met: boolean;
  grounding_sources?: Source[];
  inferred_condition?: string;
  current_state?: unknown;
}

/** Runs `task preview`. */
export default async function preview(this: Context, flags: PreviewFlags): Promise<void> {
  const query = flags.query.trim();
  if (query === "") throw new UsageError("The query (-q) must not be empty");
  const condition = flags.condition?.trim();
  const session = await Session.open(this.deps, this.globals);
  let result: Preview;
  try {
    result = await session.api().post<Preview>("/api/v1/tasks/preview", {
      body: {
        search_query: query,
        ...(condition ? { condition_description: condition } : {}),
        model: flags.model ?? DEFAULT_MODEL,
      },
      expect: "object",
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 405) {
      throw new ApiError("This API does not support preview", {
        status: 405,
        hints: [
          "Newer Torale servers removed preview; create a task with --run-immediately instead.",
        ],
      });
    }
    throw error;
  }
  await session.output(result, () => {
    const { colors } = session;
    session.print("Answer:");
    session.print(result.answer);
    session.print();
    session.print(
      result.condition_met
        ? `${colors.green("✓")} Condition met`
        : `${colors.red("✗")} Condition not met`,
    );
    if (result.inferred_condition) {
      session.print(`Inferred condition: ${result.inferred_condition}`);
    }
    const sources = result.grounding_sources ?? [];
    if (sources.length > 0) {
      session.print();
      session.print("Sources:");
      sources.forEach((source, i) => {
        session.print(`${i + 1}. ${source.title || source.url}`);
        session.print(`   ${source.url}`);
      });
    }
  });
}
