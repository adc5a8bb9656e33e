/** Timestamps for people: always UTC, whatever offset the API wrote. */

/** `2025-12-04 09:55:18 UTC` from an ISO-8601 string with `Z` or `+00:00`; `-` for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$|Z$/, "") + " UTC";
}

/** `in 5 min`, `in 2 h`, `3 days ago`: how far `iso` is from `now`, in words. */
export function relativeTime(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  if (!Number.isFinite(ms)) return iso;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const amount = minutes < 1
    ? "less than a minute"
    : minutes < 90
    ? `${minutes} min`
    : minutes < 36 * 60
    ? `${Math.round(minutes / 60)} h`
    : `${Math.round(minutes / 1440)} days`;
  return ms >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** `in 5 min (2026-04-27 09:01:00 UTC)`, or `-` when there is no time. */
export function timeInWords(iso: string | null | undefined, now: number): string {
  if (!iso) return "-";
  return `${relativeTime(iso, now)} (${formatTime(iso)})`;
}
