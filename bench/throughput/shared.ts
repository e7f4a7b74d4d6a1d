// Types and texts shared by the throughput benchmark's processes (no studio imports here).

export type EndpointMode = "plain" | "reasoning";

export type EndpointStats = {
  requests: { plain: number; stream: number; continuation: number; other: number };
  maxInFlight: number;
  /** Time-weighted mean over spanMs (first arrival to last response). */
  meanInFlight: number;
  spanMs: number;
};

/** What every measured child process reports. */
export type ChildReport = {
  items: number;
  done: number;
  failed: number;
  wallMs: number;
  /** process.cpuUsage() over the measured window, user + system. */
  cpuMs: number;
  /** process.resourceUsage().maxRSS: the process's peak resident set, whole lifetime. */
  peakRssMb: number;
  /** RSS right before the measured window (modules loaded, database open). */
  rssBeforeMb: number;
  /** process.hrtime of the window, in microseconds (to cut a --cpu-prof profile to it). */
  windowUs: [number, number];
  firstError?: string;
  /** Studio runs: how the run ended (completed, failed, ...) and its run-level error. */
  runStatus?: string;
  runError?: string;
};

const STAGE2 =
  "Stage 2 - User profile synthesis: The user's past items [1], [2] and [3] were tagged dystopia, thought-provoking and social commentary, " +
  "and item [4] was tagged dystopia again. Across the profile this user prefers tags about the kind of society a story depicts over tags " +
  "about its genre or its mood, and rarely uses the broad tags such as classic or action. The descriptions the user tagged dystopia share " +
  "a controlling institution, a worker or official who discovers the truth about it, and a price paid for freedom. ";

/**
 * A reasoning trace of about 300 tokens in ReaPer's three stages. The three hesitation markers
 * (wait, hmm, alternatively) make the RPI hesitation rule fire once on a fresh stream.
 */
export const REASONING_TRACE =
  "Stage 1 - Requirement analysis: The task asks for exactly one tag from the fifteen allowed tags for the movie described in the input, " +
  "written without any explanation. The description mentions a rigid society, a worker who discovers that the system is rigged, and the " +
  "price of freedom.\n\n" +
  STAGE2 +
  "Wait, item [2] could also suggest thought-provoking here. Hmm, but the setting is what the user usually tags. Alternatively, social " +
  "commentary might fit as well. The user's own pattern is the better guide.\n\n" +
  "Stage 3 - Response generation: The movie's world is a controlled society, which matches the user's most frequent tag for such " +
  "descriptions. I will answer with that tag only, in the allowed format.";

export const TRACE_ANSWER = "dystopia";

/** What a vLLM continuation of a trace cut by RPI generates: the end of the reasoning, then the answer. */
export const CONTINUATION_TEXT =
  " Stage 3 - Response generation: The movie's world is a controlled society, which matches the user's most frequent tag. " +
  "I will answer with that tag only.</think>\n\n" +
  TRACE_ANSWER;
