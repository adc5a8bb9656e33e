/**
 * The task templates the local API serves (torale-api.md §3.3, torale-api-current.md §3.5):
 * each generation's seed data, read-only, with fixed ids so that docs and tests can name them.
 * The classic service seeds `1ccec0168405_seed_task_templates.py` (6 rows); the current service
 * `9aec4cc24632_add_creative_templates.py` (8 rows).
 */
import type { Generation } from "./http.ts";

/** A seed row: what both generations store, plus the classic-only schedule and notify_behavior. */
interface Seed {
  id: string;
  name: string;
  description: string;
  category: string;
  icon: string | null;
  search_query: string;
  condition_description: string;
  schedule: string;
  notify_behavior: "once" | "always" | "track_state";
}

const CLASSIC_CREATED = "2025-11-05T22:47:09.086280Z";
const CURRENT_CREATED = "2026-02-01T19:58:13.458941Z";

function seed(
  n: number,
  fields: Omit<Seed, "id">,
): Seed {
  // Distinct in the first 8 characters, so that a short prefix names each one.
  const nn = String(n).padStart(2, "0");
  return { id: `7e3a1c${nn}-0000-4000-8000-0000000000${nn}`, ...fields };
}

const CLASSIC: Seed[] = [
  seed(1, {
    name: "GPU Release Monitor",
    description: "Monitor for NVIDIA RTX 5090 graphics card release announcements",
    category: "Tech",
    icon: "🎮",
    search_query: "When is the NVIDIA RTX 5090 graphics card being released?",
    condition_description:
      "A specific release date or pre-order date has been officially announced by NVIDIA",
    schedule: "0 9 * * *",
    notify_behavior: "once",
  }),
  seed(2, {
    name: "PS5 Pro Stock Alert",
    description: "Get notified when PlayStation 5 Pro is back in stock at major retailers",
    category: "Shopping",
    icon: "🎮",
    search_query: "Is PlayStation 5 Pro in stock at Best Buy?",
    condition_description: "PS5 Pro shows as in stock and available for purchase at BestBuy.com",
    schedule: "0 */2 * * *",
    notify_behavior: "always",
  }),
  seed(3, {
    name: "Concert Ticket Tracker",
    description: "Track Taylor Swift Eras Tour 2025 ticket availability",
    category: "Events",
    icon: "🎵",
    search_query: "Are tickets available for Taylor Swift Eras Tour 2025 dates?",
    condition_description: "New tour dates are announced or tickets become available for purchase",
    schedule: "0 */4 * * *",
    notify_behavior: "track_state",
  }),
  seed(4, {
    name: "AI Model Launch Watch",
    description: "Stay updated on GPT-5 release announcements from OpenAI",
    category: "Tech",
    icon: "🤖",
    search_query: "Has OpenAI announced GPT-5 or when will it be released?",
    condition_description:
      "OpenAI has officially announced GPT-5 with a launch date or availability timeframe",
    schedule: "0 8 * * *",
    notify_behavior: "once",
  }),
  seed(5, {
    name: "Summer Program Registration",
    description: "Monitor for community pool membership registration opening",
    category: "Seasonal",
    icon: "🏊",
    search_query: "When does registration open for summer 2026 community pool memberships?",
    condition_description:
      "Registration dates or early bird pricing for summer 2026 pool passes are announced",
    schedule: "0 10 * * 1",
    notify_behavior: "once",
  }),
  seed(6, {
    name: "Framework Release Tracker",
    description: "Track stable release of React 19",
    category: "Software",
    icon: "⚛️",
    search_query: "Has React 19 stable version been released?",
    condition_description: "React 19 stable version is officially released and available on npm",
    schedule: "0 12 * * *",
    notify_behavior: "once",
  }),
];

const CURRENT: Seed[] = [
  seed(11, {
    name: "GTA VI Release Date",
    description: "Get notified the moment Rockstar announces the exact release date",
    category: "Gaming",
    icon: "🎮",
    search_query: "Has Rockstar Games announced the specific release date for Grand Theft Auto VI?",
    condition_description:
      "A specific release date (day/month) is officially confirmed by Rockstar",
    schedule: "0 12 * * *",
    notify_behavior: "once",
  }),
  seed(12, {
    name: "SpaceX Starship Launch",
    description: "Track the next orbital flight test schedule",
    category: "Space",
    icon: "🚀",
    search_query: "When is the next SpaceX Starship orbital flight test scheduled?",
    condition_description: "An official launch window or date is announced by SpaceX or FAA",
    schedule: "0 9 * * *",
    notify_behavior: "once",
  }),
  seed(13, {
    name: "Mortgage Rate Drop",
    description: "Alert me when 30-year fixed rates drop below 5.5%",
    category: "Finance",
    icon: "📉",
    search_query: "What is the current average 30-year fixed mortgage rate in the US?",
    condition_description: "The average rate drops below 5.5%",
    schedule: "0 10 * * 1",
    notify_behavior: "once",
  }),
  seed(14, {
    name: "Vintage Film Restock",
    description: "Check if Kodak Gold 200 is back in stock at major UK retailers",
    category: "Photography",
    icon: "📸",
    search_query: "Is Kodak Gold 200 35mm film in stock at Analogue Wonderland or Parallax?",
    condition_description: 'Film is listed as "In Stock" and available for purchase',
    schedule: "0 */4 * * *",
    notify_behavior: "once",
  }),
  seed(15, {
    name: "iPhone 18 Rumors",
    description: "Weekly digest of credible iPhone 18 leaks and specs",
    category: "Tech",
    icon: "📱",
    search_query: "What are the latest credible rumors and leaks for the iPhone 18 lineup?",
    condition_description:
      "New credible leaks about specs, design, or release timing from major sources",
    schedule: "0 9 * * 5",
    notify_behavior: "always",
  }),
  seed(16, {
    name: "Weekend Train Strikes",
    description: "Warn me if there are train strikes planned for this weekend",
    category: "Travel",
    icon: "🚆",
    search_query: "Are there any rail strikes planned in the UK for this coming weekend?",
    condition_description: "Strikes are confirmed that affect major rail lines this weekend",
    schedule: "0 10 * * 3",
    notify_behavior: "always",
  }),
  seed(17, {
    name: "Northern Lights London",
    description: "Monitor space weather forecasts for aurora visibility in the UK",
    category: "Nature",
    icon: "🌌",
    search_query:
      "Is there a high probability of seeing the Northern Lights in Southern England/London tonight or tomorrow?",
    condition_description:
      "Forecast indicates high KP index or red alert for Southern UK visibility",
    schedule: "0 16 * * *",
    notify_behavior: "always",
  }),
  seed(18, {
    name: "Anthropic Jobs",
    description: 'Notify me when new "Prompt Engineer" roles open in London',
    category: "Careers",
    icon: "💼",
    search_query:
      'Are there any open "Prompt Engineer" or "Research Engineer" roles at Anthropic in London?',
    condition_description: "A new job listing matching the title and location is found",
    schedule: "0 9 * * *",
    notify_behavior: "once",
  }),
];

/** A seed as the generation's TaskTemplate JSON, in the service's field order. */
function templateJson(row: Seed, generation: Generation) {
  const common = {
    name: row.name,
    description: row.description,
    category: row.category,
    icon: row.icon,
    search_query: row.search_query,
    condition_description: row.condition_description,
  };
  if (generation === "current") {
    return {
      ...common,
      id: row.id,
      is_active: true,
      created_at: CURRENT_CREATED,
      // Both columns are NOT NULL DEFAULT NOW(), set by the same INSERT.
      updated_at: CURRENT_CREATED,
    };
  }
  return {
    ...common,
    schedule: row.schedule,
    notify_behavior: row.notify_behavior,
    // Seeded as gemini-2.0-flash-exp; `3dcde9bea1b3_update_model_to_gemini_2_5_flash.py`
    // moved every template to gemini-2.5-flash.
    config: { model: "gemini-2.5-flash" },
    id: row.id,
    state: "active",
    created_at: CLASSIC_CREATED,
    // Both columns are NOT NULL DEFAULT NOW(), set by the same INSERT.
    updated_at: CLASSIC_CREATED,
  };
}

/** The generation's active templates, ordered by category then name, optionally one category. */
export function listTemplates(generation: Generation, category?: string) {
  const seeds = generation === "current" ? CURRENT : CLASSIC;
  return seeds
    .filter((row) => category === undefined || row.category === category)
    .sort((a, b) =>
      a.category === b.category ? (a.name < b.name ? -1 : 1) : a.category < b.category ? -1 : 1
    )
    .map((row) => templateJson(row, generation));
}

/** One template of the generation by its canonical id, if any. */
export function findTemplate(generation: Generation, id: string) {
  const row = (generation === "current" ? CURRENT : CLASSIC).find((seed) => seed.id === id);
  return row && templateJson(row, generation);
}
