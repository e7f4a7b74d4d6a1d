// Next.js calls register() once when the server starts: check the access settings (a studio reachable
// from other machines without sign-in does not start), bring the database up to date and make sure
// the built-in sample datasets are there, so a fresh clone's first screen is never empty.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { describeAccess, AccessSettingsError } = await import("./server/auth/accessReport");
  const { prepareDatabase } = await import("./server/samples/prepareDatabase");
  const { watchForInterruptedRuns } = await import("./server/runs/interruptedRuns");
  const report = await prepareDatabase();
  if (report.created.length > 0) console.log(`Loaded sample datasets: ${report.created.join(", ")}`);
  await watchForInterruptedRuns();
  try {
    console.log(await describeAccess());
  } catch (err) {
    if (!(err instanceof AccessSettingsError)) throw err;
    console.error(`The studio does not start: ${err.message}`);
    process.exit(1);
  }
}
