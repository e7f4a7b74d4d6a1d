import { MISALIGNMENT_KINDS } from "./formatAlignment";
import { resolveFailureModeParams, type FailureModeParams } from "./params";

/**
 * The user-facing definition of every failure-mode signal and aggregate, rendered from the
 * parameters in force. The UI shows these texts verbatim, so they must stay true to the code:
 * when a computation changes, its paragraph here changes with it.
 */

export type FailureMode = "divergence" | "format" | "retrieval";
export type DefinitionLevel = "item" | "run" | "paired";
export type Direction = "higher_is_better" | "higher_is_worse" | "neither";

export interface FailureModeDefinition {
  /** The field name in FailureSignals (item), FailureModeAggregates (run) or the stats result (paired). */
  key: string;
  level: DefinitionLevel;
  failureMode: FailureMode;
  title: string;
  definition: string;
  unit: string;
  direction: Direction;
  directionLabel: string;
}

const DIRECTION_LABELS: Record<Direction, string> = {
  higher_is_better: "Higher is better",
  higher_is_worse: "Higher is worse",
  neither: "Neither higher nor lower is better",
};

function quoted(list: readonly string[]): string {
  return list.map((item) => `"${item}"`).join(", ");
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export function failureModeDefinitions(overrides?: Partial<FailureModeParams>): FailureModeDefinition[] {
  const p = resolveFailureModeParams(overrides);
  const nullIfNoTrace = "Empty when the model shows no reasoning text.";
  // Every reasoning signal reads the model's own words: what a pipeline injected (RPI thoughts,
  // forced stage headers, a pre-filled opening) is left out; SRM candidates are read one by one.
  const modelOnly =
    "Computed on the text the model wrote: text the pipeline injected into the reasoning (RPI's corrective thoughts, forced stage headers, a template's pre-filled opening) is left out. For SRM items it is the mean over the candidates, each read on its own; the synthesis call is reported apart.";
  const headersAreTemplateWords = "Stage headers the model writes are the template's words and are not searched for these phrases.";
  const thoughtsDefined = "Defined for classification and rating tasks with a gold output; \"not defined\" (empty) for text generation.";
  const define = (
    key: string,
    level: DefinitionLevel,
    failureMode: FailureMode,
    title: string,
    unit: string,
    direction: Direction,
    definition: string,
  ): FailureModeDefinition => ({ key, level, failureMode, title, definition, unit, direction, directionLabel: DIRECTION_LABELS[direction] });

  const bucketing =
    p.lengthBucketing.kind === "quantile"
      ? `The run's items are sorted by reasoning tokens and cut into ${p.lengthBucketing.count} groups of nearly equal size; items with the same token count always share a group, so fewer groups can result.`
      : `Fixed token ranges with upper edges ${p.lengthBucketing.upperEdges.join(", ")} (each range includes its lower edge and excludes its upper edge; the last range is open-ended).`;

  return [
    // Divergence, per item
    define("reasoningTokens", "item", "divergence", "Reasoning tokens", "tokens", "higher_is_worse",
      "Length of the reasoning: the sum over every model call of the item (the first call, each RPI continuation, each SRM candidate, the synthesis) of that call's reasoning tokens, which are the provider's reasoning-token count when it reports one (it includes reasoning the provider may hide), else the reasoning text that call generated, counted with the o200k_base tokenizer (injected text is not counted). The items table, the dashboard and the trace viewer show this same number. Long reasoning is the first sign of divergent thinking, though length alone is not a failure."),
    define("reasoningTokensByCall", "item", "divergence", "Reasoning tokens per call", "tokens per call", "neither",
      "The per-call terms of \"Reasoning tokens\": for each thread (the generation, or each SRM candidate and the synthesis) and each of its calls, the tokens and which counter gave them."),
    define("reasoningTokenSource", "item", "divergence", "Reasoning token source", "provider/tokenizer", "neither",
      "Where the reasoning-token count comes from: \"provider\" when the model endpoint reported it for every call, \"tokenizer\" when every call's generated reasoning was counted with o200k_base, \"mixed\" when the calls differ (RPI's stopped segments are always counted by the tokenizer, since the provider reports nothing for a cut stream). Counts from different sources are close but not identical."),
    define("visibleReasoningTokens", "item", "divergence", "Visible reasoning tokens", "tokens", "neither",
      "The model-written reasoning text (injected text left out) counted with the o200k_base tokenizer, whatever the provider reports, summed over SRM candidates. Per thread it is the denominator of the hesitation rate."),
    define("hesitationMarkers", "item", "divergence", "Hesitation markers", "count", "higher_is_worse",
      `How many hesitation markers the reasoning contains (whole words or phrases, case-insensitive; overlapping markers count once, the longest wins): ${quoted(p.hesitationMarkers)}. ${headersAreTemplateWords} ${modelOnly} ${nullIfNoTrace}`),
    define("hesitationRate", "item", "divergence", "Hesitation rate", "per 100 tokens", "higher_is_worse",
      `Hesitation markers per 100 tokens of visible reasoning (markers as listed under "Hesitation markers"). Frequent hesitation means the model keeps reopening its decision instead of converging. ${modelOnly} ${nullIfNoTrace}`),
    define("candidateSwitches", "item", "divergence", "Candidate switches", "count", "higher_is_worse",
      `How often the answer the reasoning leans to changes. Classification tasks: the labels of the task's label set, in the order the reasoning mentions them (whole words, case-insensitive, longest label wins, so "dark comedy" is not also "comedy"); a sentence naming at least ${p.labelEnumerationMinLabels} distinct labels (or all labels, if the set is smaller) only lists the options and is skipped. Rating tasks: scores 1-5 mentioned as ratings ("4/5", "4 stars", or a digit within 20 characters after one of ${quoted(p.ratingCueWords)}); or a digit standing as a decision in a clause of its own, next to decision words only (${quoted(p.ratingDecisionWords.slice(0, 12))}, ...: "5... no, 4... maybe 3" names 5, 4, 3); a sentence with at least ${p.ratingEnumerationMinScores} distinct digits 1-5 in ascending order restates the scale and is skipped. A recap of the profile is not a decision: mentions inside the template's stage ${p.profileStageNumber} (the profile synthesis, up to the next stage header), in a sentence that refers to a profile item by number (${describeReferenceForms(p)}) or inside double quotes are skipped. Repeats in a row collapse; switches = number of changes in the remaining sequence. Not defined for text-generation tasks. ${modelOnly} ${nullIfNoTrace}`),
    define("distinctCandidates", "item", "divergence", "Distinct candidates", "count", "higher_is_worse",
      `How many different labels or ratings the reasoning leans to, counted as under "Candidate switches". ${modelOnly} ${nullIfNoTrace}`),
    define("stageAdherence", "item", "divergence", "Stage adherence", "share 0-1", "higher_is_better",
      `For pipelines whose reasoning template has stages (HRT): the largest number of stages whose headers appear in the reasoning in template order (each header at any of its occurrences, at strictly increasing positions), divided by the number of stages. Headers are compared word by word, ignoring case, punctuation and markdown. A trace that writes all stages but in a different order scores below 1. A header RPI injected does not count: the model did not write it. Empty for pipelines without stages. ${modelOnly} ${nullIfNoTrace}`),
    define("offTrackRatio", "item", "divergence", "Off-track ratio", "share 0-1", "higher_is_worse",
      `Share of reasoning sentences that share no content word with the task input, the instruction (including stage headers) or the retrieved items as the prompt showed them (clipped or truncated as the template did). Content words are lowercased, Porter-stemmed words that are not among ${p.stopwords.length} stopwords and reasoning fillers ("okay", "hmm", ...). Sentences end at line breaks or at . ! ? followed by a space; sentences without any content word are not counted. ${modelOnly} ${nullIfNoTrace}`),
    define("interventionCount", "item", "divergence", "Interventions", "count", "neither",
      "How many corrective thoughts RPI (or a think budget) injected into the item's reasoning, over every call and candidate. The template's pre-filled opening is not counted."),
    define("interventionsByRule", "item", "divergence", "Interventions by rule", "count per rule", "neither",
      "The interventions by the rule that fired: hesitation (too many hesitation markers in the model's text since the last hesitation injection), stage (a template stage ran past its token allowance), budget (the reasoning budget was used up; the reasoning is closed)."),
    define("injectedTokens", "item", "divergence", "Injected tokens", "tokens", "neither",
      "Tokens (o200k_base) of all text the pipeline placed in the reasoning: corrective thoughts, forced headers and a template's pre-filled opening. None of it is counted by the other reasoning signals."),
    define("interventionPositions", "item", "divergence", "Intervention positions", "tokens", "neither",
      "For each intervention, the number of reasoning tokens (model and injected) before it, in the order they happened."),
    define("candidateCount", "item", "divergence", "SRM candidates", "count", "neither",
      "How many candidates the self-referencing module sampled. Empty for pipelines without SRM."),
    define("candidateAgreement", "item", "divergence", "Candidate agreement", "share 0-1", "higher_is_better",
      "For SRM items: the share of candidates whose extracted answer equals the final answer (after trimming spaces). Low agreement means the candidates diverge and the synthesis had to choose. Empty for pipelines without SRM."),
    define("candidateSignals", "item", "divergence", "Signals per candidate", "per candidate", "neither",
      "For SRM items: each candidate's reasoning tokens, hesitation, candidate switches, stage adherence, item coverage and profile mentions, computed on that candidate's own model-written text, with its answer and whether it agrees with the final answer. The item's signals are the mean of these."),
    define("synthesisSignals", "item", "divergence", "Synthesis call", "signals", "neither",
      "For SRM items in synthesis mode: the same signals for the synthesis call alone. Its reasoning tokens are part of the item's total; its other signals are not mixed into the candidates' means."),
    define("tokensToFirstCorrect", "item", "divergence", "Tokens to first correct thought", "tokens", "higher_is_worse",
      `The model-written reasoning tokens (o200k_base) up to the end of the first thought whose decision is the gold answer. Thoughts are the stretches of reasoning between sentences that open with a switch marker (${quoted(p.thoughtSwitchMarkers)}); a thought's decision is the last label or rating it names, read as under "Candidate switches". Empty when no thought reaches the gold. ${thoughtsDefined} SRM items: mean over the candidates that have one.`),
    define("underthinking", "item", "divergence", "Underthinking", "share 0-1", "higher_is_worse",
      `The underthinking score of Wang et al. 2025 (arXiv 2501.18585), for wrong answers: 1 - T̂/T, where T̂ is "Tokens to first correct thought" and T the tokens of the whole model-written reasoning; 0 when no thought reaches the gold (nothing correct was abandoned). High values mean a correct thought came early and was abandoned. Empty for correct answers. The run value averages over wrong answers, as in the paper. ${thoughtsDefined}`),
    define("outcomeEfficiency", "item", "divergence", "Outcome efficiency", "share 0-1", "higher_is_better",
      `The outcome efficiency of Chen et al. 2024 (arXiv 2412.21187): for a correct answer T̂/T, with T̂ the tokens up to the end of the first thought that names the gold answer (the whole trace when no thought names it before the answer) and T the tokens of the model-written reasoning; 0 for a wrong answer. 1 means no token was spent after the answer was first reached. ${thoughtsDefined}`),

    // Format, per item
    define("rawValid", "item", "format", "Raw answer valid", "yes/no", "higher_is_better",
      `Whether the answer text, with the reasoning removed but before any answer extraction, already has the exact format the official LaMP evaluator expects: for classification exactly one label of the list after trimming spaces (case and punctuation matter); for ratings exactly one digit 1-5; for generation one line without preamble, wrapping quotes, explanation or leaked reasoning, of plausible length (${p.textMinWords} to ${p.textMaxWords} words, or within a factor ${p.referenceLengthTolerance} of a reference length when the pipeline provides one).`),
    define("misalignmentKind", "item", "format", "Misalignment kind", "category", "neither",
      `What is wrong with an invalid raw answer; the first kind that applies, in this order: ${MISALIGNMENT_KINDS.join(" > ")}. empty: no letter or digit. reasoning_leak: a reasoning tag (${p.reasoningTagNames.map((name) => `<${name}>`).join(", ")}) or a deliberation phrase (${quoted(p.reasoningLeakMarkers)}). preamble: starts with ${quoted(p.preambleMarkers)}. multi_line: more than one non-empty line. extra_text: a label or score surrounded by other text, or, for generation, wrapping quotes or markdown emphasis or an explanation phrase (${quoted(p.explanationMarkers)}). outside_label_set: no label of the list (a label in different letter case counts here, as the evaluator rejects it) or no integer 1-5. length_off: generated text outside the plausible word count. none: valid.`),
    define("extractedValid", "item", "format", "Extracted answer valid", "yes/no", "higher_is_better",
      "Whether the answer after the extract-answer node has the exact format, judged exactly like the raw answer. Empty when the pipeline has no extraction."),
    define("extractedMisalignmentKind", "item", "format", "Extracted misalignment kind", "category", "neither",
      "The misalignment kind of the extracted answer, with the same rules and order as for the raw answer. Empty when the pipeline has no extraction."),
    define("recovered", "item", "format", "Recovered by extraction", "yes/no", "higher_is_better",
      "True when the raw answer was invalid and the extracted answer is valid: the answer was there, only the format was wrong. Empty when the pipeline has no extraction."),

    // Retrieval, per item
    define("retrievedItemCount", "item", "retrieval", "Retrieved items", "count", "neither",
      "How many retrieved profile items the prompt showed the model (a LaMP prompt whose profile could not be fitted shows none)."),
    define("itemCoverage", "item", "retrieval", "Item coverage", "share 0-1", "higher_is_better",
      `Share of the retrieved items the reasoning or answer used. An item's distinctive words are its distinct content words (title and text as the prompt showed them, lowercased, stemmed, stopwords removed) that are not in the task input or the instruction: a trace that only repeats the task shares those with every item. An item counts as used when at least ${percent(p.itemUseMinOverlap)} of its distinctive words occur in the model-written reasoning plus the raw answer, or when it is referenced explicitly: by its position in the prompt (${describeReferenceForms(p)}) or by quoting its title. Bracket numbers are not counted for tasks whose labels are bracket numbers (LaMP-1). SRM items: the mean over the candidates (each with its own answer). Empty without retrieved items.`),
    define("itemUsage", "item", "retrieval", "Item usage", "per item", "neither",
      `For each shown item: the share of its distinctive words found (as under "Item coverage"), up to 8 of those words, whether it was referenced explicitly, and how many reasoning threads (1, or each SRM candidate) used it.`),
    define("usedItemIds", "item", "retrieval", "Used items", "item ids", "neither",
      `The ids of the retrieved items counted as used under "Item coverage" (SRM items: by at least one candidate).`),
    define("answerGrounding", "item", "retrieval", "Answer grounding", "share 0-1", "higher_is_better",
      "For generation tasks: the share of the final answer's distinct content words that occur in the retrieved items but not in the task input or instruction, i.e. vocabulary that can only have come from the user's profile. Empty for classification and rating tasks (their answers come from a closed set the input already names), without retrieved items, or when the answer has no content word."),
    define("profileMentions", "item", "retrieval", "Profile mentions", "count", "higher_is_better",
      `How many times the reasoning refers to the user or their history (whole words or phrases, case-insensitive, overlapping phrases count once): ${quoted(p.profileMentionMarkers)}. ${headersAreTemplateWords} ${modelOnly} ${nullIfNoTrace}`),

    // Run aggregates
    define("medianReasoningTokens", "run", "divergence", "Median reasoning tokens", "tokens", "higher_is_worse",
      "The median of the items' reasoning tokens (linear interpolation between the two middle items when their number is even)."),
    define("p90ReasoningTokens", "run", "divergence", "90th percentile of reasoning tokens", "tokens", "higher_is_worse",
      "The reasoning-token count that 90% of items stay under, with linear interpolation between neighbouring items (the numpy/R default). It shows the long tail of runaway reasoning."),
    define("meanHesitationRate", "run", "divergence", "Mean hesitation rate", "per 100 tokens", "higher_is_worse",
      "The mean of the items' hesitation rates, over items with visible reasoning."),
    define("manySwitchesShare", "run", "divergence", "Share of items switching candidates", "share 0-1", "higher_is_worse",
      `The share of items whose reasoning switched its candidate answer at least ${p.manySwitchesThreshold} times, over items where candidate switches are defined.`),
    define("meanStageAdherence", "run", "divergence", "Mean stage adherence", "share 0-1", "higher_is_better",
      "The mean of the items' stage adherence, over items of staged (HRT) pipelines with visible reasoning."),
    define("meanOffTrackRatio", "run", "divergence", "Mean off-track ratio", "share 0-1", "higher_is_worse",
      "The mean of the items' off-track ratios, over items with visible reasoning."),
    define("metricByReasoningLength", "run", "divergence", "Metric by reasoning length", "metric per bucket", "neither",
      `The per-item task metric (e.g. accuracy, absolute error, ROUGE) averaged within buckets of reasoning length. ${bucketing} A metric that falls as reasoning grows is the signature of divergent thinking.`),
    define("invalidRawRate", "run", "format", "Invalid raw answers", "share 0-1", "higher_is_worse",
      "The share of items whose raw answer does not have the exact format (see \"Raw answer valid\")."),
    define("rawMisalignmentByKind", "run", "format", "Invalid raw answers by kind", "share 0-1 per kind", "higher_is_worse",
      "For each misalignment kind, the number of items whose raw answer has that kind and its share of all items."),
    define("invalidExtractedRate", "run", "format", "Invalid extracted answers", "share 0-1", "higher_is_worse",
      "The share of items whose extracted answer still does not have the exact format, over items that went through extraction."),
    define("recoveryRate", "run", "format", "Recovery rate", "share 0-1", "higher_is_better",
      "Of the items whose raw answer was invalid and that went through extraction, the share whose extracted answer is valid."),
    define("meanItemCoverage", "run", "retrieval", "Mean item coverage", "share 0-1", "higher_is_better",
      "The mean of the items' item coverage, over items with retrieved items."),
    define("meanAnswerGrounding", "run", "retrieval", "Mean answer grounding", "share 0-1", "higher_is_better",
      "The mean of the items' answer grounding, over generation items with retrieved items and a non-empty answer."),
    define("meanProfileMentions", "run", "retrieval", "Mean profile mentions", "count", "higher_is_better",
      "The mean number of references to the user or their history per item, over items with visible reasoning."),
    define("meanUnderthinking", "run", "divergence", "Underthinking score", "share 0-1", "higher_is_worse",
      "ξ_UT of Wang et al. 2025: the mean of the items' underthinking over the wrong answers of classification and rating tasks (see \"Underthinking\")."),
    define("meanOutcomeEfficiency", "run", "divergence", "Outcome efficiency", "share 0-1", "higher_is_better",
      "ξ_O of Chen et al. 2024: the mean of the items' outcome efficiency over every scored item of classification and rating tasks (wrong answers count 0)."),
    define("medianTokensToFirstCorrect", "run", "divergence", "Median tokens to first correct thought", "tokens", "higher_is_worse",
      "The median of the items' tokens to the first correct thought, over the items where some thought reaches the gold answer."),
    define("meanInterventions", "run", "divergence", "Interventions per item", "count", "neither",
      "The mean number of RPI interventions per item, over every item (0 for pipelines without RPI)."),
    define("interventionRuleCounts", "run", "divergence", "Interventions by rule", "count per rule", "neither",
      "For each RPI rule, the number of injections over the run and the number of items with at least one."),
    define("meanInjectedTokens", "run", "divergence", "Injected tokens per item", "tokens", "neither",
      "The mean number of injected tokens per item: text the pipeline put into the reasoning, which no other reasoning signal counts."),
    define("meanCandidateAgreement", "run", "divergence", "Mean candidate agreement", "share 0-1", "higher_is_better",
      "The mean of the items' candidate agreement, over SRM items."),

    // Paired comparisons of two runs
    define("retrievalGain", "paired", "retrieval", "Retrieval gain", "metric difference", "higher_is_better",
      "The per-example metric of a run with k > 0 retrieved items minus the same metric of a run without retrieval, averaged over the examples both runs share, with a paired percentile-bootstrap confidence interval (examples resampled with replacement, seeded) and a sign-flip permutation p-value. For error metrics such as MAE, a negative gain is an improvement."),
    define("profileSensitivity", "paired", "retrieval", "Profile sensitivity", "share 0-1", "higher_is_better",
      "The share of shared examples whose answer changes when the user's own profile is replaced by another user's (answers compared after trimming and collapsing spaces), with a bootstrap confidence interval. Near 0 means the model ignores the profile."),
  ];
}

function describeReferenceForms(p: FailureModeParams): string {
  const forms: string[] = [];
  if (p.explicitReferenceForms.includes("noun")) forms.push(`a noun followed by the number, with nouns ${quoted(p.itemReferenceNouns)}, e.g. "item 2"`);
  if (p.explicitReferenceForms.includes("bracket")) forms.push(`"[2]"`);
  if (p.explicitReferenceForms.includes("hash")) forms.push(`"#2"`);
  return forms.length === 0 ? "no numbered forms enabled" : forms.join("; ");
}
