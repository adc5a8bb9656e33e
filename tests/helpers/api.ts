/** A local API per test, on 127.0.0.1 and a free port, with a freshly minted key. */
import { type LocalApi, type LocalApiOptions, startLocalApi } from "../../local_api/server.ts";

/** A running local API and a valid key for user@example.com. */
export interface TestApi extends AsyncDisposable {
  api: LocalApi;
  url: string;
  key: string;
}

/**
 * Starts an in-memory local API and mints a key; dispose to stop it. It speaks the classic
 * generation unless `options.generation` says otherwise: the CLI's tests were written for it.
 */
export async function startTestApi(options: LocalApiOptions = {}): Promise<TestApi> {
  const api = await startLocalApi({
    port: 0,
    db: ":memory:",
    workerDelayMs: 20,
    generation: "classic",
    ...options,
  });
  const key = await api.createKey("user@example.com", "Test Key");
  return {
    api,
    url: api.url,
    key,
    [Symbol.asyncDispose]: () => api.close(),
  };
}
