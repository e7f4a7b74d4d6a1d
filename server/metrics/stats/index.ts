export { StatsInputError } from "./errors";
export { mean, median, quantile, quantileSorted } from "./descriptive";
export { mulberry32, randomIndex, type Random } from "./random";
export { bootstrapMeanCI, DEFAULT_BOOTSTRAP_OPTIONS, type BootstrapOptions, type ConfidenceInterval } from "./bootstrap";
export {
  pairByExampleId,
  pairedBootstrapDifference,
  profileSensitivity,
  retrievalGain,
  signFlipTest,
  type ExampleAnswer,
  type ExampleValue,
  type PairedDifference,
  type PairedOptions,
  type PairedValues,
  type ProfileSensitivity,
  type ProfileSensitivityOptions,
  type SignFlipOptions,
  type SignFlipResult,
} from "./pairedComparison";
