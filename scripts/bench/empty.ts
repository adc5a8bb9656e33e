// The baseline of the start-up bench: a Deno script that does nothing.
