/**
 * Deterministic, realistic payloads for the conversation benchmarks: user messages and model
 * answers of 200–2,000 characters of prose, MCP tool results of a few hundred characters to a
 * couple of kilobytes, tool parameters and a chat history. Seeded, so every variant and every
 * round sees the same data, and pooled, so generating them costs nothing in the timed loop.
 * @module
 */

const WORDS = ('the weather in paris tomorrow will be mostly sunny with a light breeze from the west and ' +
  'temperatures around twenty one degrees celsius in the afternoon although showers are possible in the ' +
  'evening so bring an umbrella if you plan to walk along the river after dinner the forecast for the ' +
  'weekend shows a cooler air mass arriving from the north with gusts of up to forty kilometres per hour ' +
  'please note that air quality may be moderate near the ring road and pollen counts remain high for ' +
  'people with allergies our records show three similar days last month').split(' ');

/** A small seeded generator (mulberry32): the same sequence on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Prose of exactly `n` characters (sentences of pool words, capitalized, with punctuation). */
export function prose(n: number, next: () => number): string {
  let out = '';
  let start = true;
  while (out.length < n) {
    let w = WORDS[Math.floor(next() * WORDS.length)]!;
    if (start) w = w[0]!.toUpperCase() + w.slice(1);
    start = false;
    out += w;
    const r = next();
    if (r < 0.08) {
      out += '. ';
      start = true;
    } else if (r < 0.12) out += ', ';
    else out += ' ';
  }
  return out.slice(0, n);
}

/** Lengths spread over [min, max]. */
function length(next: () => number, min: number, max: number): number {
  return Math.floor(min + next() * (max - min + 1));
}

const CITIES = ['Paris', 'Tokyo', 'Lisbon', 'Nairobi', 'Lima', 'Oslo', 'Seoul', 'Austin'];

/** One conversation's inputs and the canned answers of the fake model and tool. */
export interface ConversationData {
  userId: string;
  message: string;
  city: string;
  /** The model's first answer (it decides to call the tool). */
  plan: string;
  /** The tool's text result (inside an MCP result). */
  toolText: string;
  /** The model's final answer, returned to the user. */
  answer: string;
}

/** `n` conversations' data (200–2,000-character messages and answers), seeded. */
export function conversations(n: number, seed = 42): ConversationData[] {
  const next = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const city = CITIES[i % CITIES.length]!;
    return {
      userId: `user-${i % 97}`,
      message: `What is the weather in ${city}? ` + prose(length(next, 200, 2000), next),
      city,
      plan: prose(length(next, 200, 600), next),
      toolText: `Forecast for ${city}: ` + prose(length(next, 300, 1500), next),
      answer: prose(length(next, 200, 2000), next),
    };
  });
}

/** Distinct conversations in the pool the benchmarks cycle through. */
export const POOL = 64;
