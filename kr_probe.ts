import { openKeychain } from "./src/system/keychain.ts";
const t0 = performance.now();
const k = await openKeychain();
console.log(
  "open",
  (performance.now() - t0).toFixed(1),
  "unavailable" in k ? k.unavailable : k.name,
);
if (!("unavailable" in k)) {
  await k.set("p1", "sk_" + "b".repeat(40));
  console.log(
    (await k.get("p1"))?.slice(0, 6),
    await k.get("nope"),
    await k.delete("p1"),
    await k.delete("p1"),
  );
}
console.log("total", (performance.now() - t0).toFixed(1));
