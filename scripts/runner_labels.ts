/**
 * GitHub-hosted runner labels, in one place: those a workflow may use, and
 * those GitHub has retired, with the day each stopped getting runners. A job on
 * a retired label is queued forever (a release that needs it never finishes),
 * so scripts/workflow_check.ts refuses both retired and unknown labels. When
 * GitHub announces a new image, add it here; when it retires one, move it.
 * Dates from GitHub's changelog (macos-13: announced 2025-09-19, removed
 * 2025-12-04; its Intel successor macos-15-intel is the last Intel image,
 * announced until about August 2027). Images in preview when this list was
 * written (macos-26, ubuntu-slim) are left out until they are generally available.
 */

/** Standard and larger GitHub-hosted labels that get runners today. */
export const CURRENT_LABELS: readonly string[] = [
  "ubuntu-latest",
  "ubuntu-24.04",
  "ubuntu-22.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-latest",
  "macos-15",
  "macos-14",
  "macos-15-intel",
  "macos-latest-large",
  "macos-15-large",
  "macos-14-large",
  "macos-latest-xlarge",
  "macos-15-xlarge",
  "macos-14-xlarge",
  "windows-latest",
  "windows-2025",
  "windows-2022",
  "windows-11-arm",
];

/** Retired labels: the day GitHub stopped running jobs on each, and what replaces it. */
export const RETIRED_LABELS: Readonly<Record<string, { retired: string; use: string }>> = {
  "macos-13": { retired: "2025-12-04", use: "macos-15-intel (Intel) or macos-15 (arm64)" },
  "macos-13-large": { retired: "2025-12-04", use: "macos-15-intel" },
  "macos-13-xlarge": { retired: "2025-12-04", use: "macos-15-xlarge" },
  "macos-12": { retired: "2024-12-03", use: "macos-15-intel or macos-15" },
  "macos-11": { retired: "2024-06-28", use: "macos-15-intel or macos-15" },
  "macos-10.15": { retired: "2022-08-30", use: "macos-15-intel or macos-15" },
  "ubuntu-20.04": { retired: "2025-04-15", use: "ubuntu-24.04" },
  "ubuntu-18.04": { retired: "2023-04-03", use: "ubuntu-24.04" },
  "windows-2019": { retired: "2025-06-30", use: "windows-2025" },
  "windows-2016": { retired: "2022-03-15", use: "windows-2025" },
};

/** Why `label` cannot be used, or undefined when it can. */
export function labelProblem(label: string): string | undefined {
  const retired = RETIRED_LABELS[label];
  if (retired) {
    return `runner label "${label}" was retired on ${retired.retired}: use ${retired.use}`;
  }
  if (!CURRENT_LABELS.includes(label)) {
    return `runner label "${label}" is not a GitHub-hosted runner known to scripts/runner_labels.ts`;
  }
  return undefined;
}
