import type { TestProject } from "vitest/node";
import { hasChromium, chromiumSkipReason } from "../support/browser";
import { buildStudio } from "../support/studioServer";

declare module "vitest" {
  export interface ProvidedContext {
    studioBuilt: boolean;
  }
}

/** Builds the studio once for all browser tests (each test file starts its own server). */
export default function setup(project: TestProject) {
  if (!hasChromium) {
    console.warn(`[skip] ${chromiumSkipReason}`);
    project.provide("studioBuilt", false);
    return;
  }
  const started = Date.now();
  buildStudio();
  console.log(`Built the studio for browser tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("studioBuilt", true);
}
