/** A webhook receiver for tests: records every request it gets, answers with `status`. */

/** One request the receiver got. */
export interface Received {
  headers: Headers;
  body: string;
}

/** A running receiver; dispose to stop it. */
export interface Receiver extends AsyncDisposable {
  url: string;
  got: Received[];
}

/** Listens on 127.0.0.1 and a free port. */
export async function startReceiver(status = 200): Promise<Receiver> {
  const got: Received[] = [];
  const { promise, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: (addr) => resolve(addr as Deno.NetAddr) },
    async (request) => {
      got.push({ headers: request.headers, body: await request.text() });
      return new Response(status === 200 ? "ok" : "nope", { status });
    },
  );
  const addr = await promise;
  return {
    url: `http://127.0.0.1:${addr.port}/hook`,
    got,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
