/** `torale schema`: the JSON Schema of the monitors file. */
import type { Context } from "../../kit/context.ts";
import schema from "../../../schema/torale.schema.json" with { type: "json" };

/** `torale schema`: the JSON Schema of the monitors file. */
export default function printSchema(this: Context): void {
  this.deps.io.stdout.write(JSON.stringify(schema, null, 2) + "\n");
}
