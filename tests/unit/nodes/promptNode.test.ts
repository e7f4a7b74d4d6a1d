import { describe, expect, it } from "vitest";
import { promptNode } from "../../../server/nodes/prompt";
import { nodeRegistry } from "../../../server/nodes/registry";
import { validateGraph } from "../../../server/pipeline/validateGraph";
import { LAMP2_NEWS_LABELS } from "../../../server/lamp/officialLabels";
import type { ItemsValue, MessagesValue } from "../../../server/pipeline/portValues";
import { modelPipeline, NEWS_EXAMPLE, NEWS_PROFILE, nodeContext, retrievedItems, runNode } from "../../support/pipelineFixtures";

const ITEMS: ItemsValue = { method: "bm25", query: "Lawmakers debate", items: retrievedItems(NEWS_PROFILE.slice(0, 2)) };
const INPUT = NEWS_EXAMPLE.input;
const FORMAT = `exactly one of: ${LAMP2_NEWS_LABELS.join(", ")}`;
const PROFILE_LINES =
  "[1] title: Senate passes budget; text: The senate voted on the federal budget bill late on Tuesday.; category: politics\n" +
  "[2] title: Cup final tonight; text: The two clubs meet in the cup final at the national stadium.; category: sports";

async function build(params: Record<string, unknown>, withItems = true): Promise<MessagesValue> {
  const inputs = withItems ? { example: NEWS_EXAMPLE, items: ITEMS } : { example: NEWS_EXAMPLE };
  const out = await runNode(promptNode, inputs, params, nodeContext({ example: NEWS_EXAMPLE }));
  return out.messages as MessagesValue;
}

describe("prompt node", () => {
  it("lamp-official: one user message, LaMP-2N's per-item fragments joined by ', and ' before the input", async () => {
    // LaMP's code: f'the category for the article: "{text}" is "{category}" ' per item, joined with
    // ", and ", then ". " and the input. Both items fit the 256-token budget whole.
    const expected =
      'the category for the article: "The senate voted on the federal budget bill late on Tuesday." is "politics" , and ' +
      'the category for the article: "The two clubs meet in the cup final at the national stadium." is "sports" . ' +
      INPUT;
    const value = await build({ template: "lamp-official" });
    expect(value).toMatchObject({ messages: [{ role: "user", content: expected }], template: "lamp-official", stageHeaders: [], instruction: "" });
    // What the signals compare the reasoning with: each item as the prompt showed it.
    expect(value.shownItems?.map((item) => item.text)).toEqual([
      'the category for the article: "The senate voted on the federal budget bill late on Tuesday." is "politics" ',
      'the category for the article: "The two clubs meet in the cup final at the national stadium." is "sports" ',
    ]);
    // No items connected: the bare input (LaMP's non-personalized prompt).
    expect((await build({ template: "lamp-official" }, false)).messages).toEqual([{ role: "user", content: INPUT }]);
  });

  it("rag-chat: the format in the system message, numbered items then the input in the user message", async () => {
    const value = await build({ template: "rag-chat" });
    expect(value.messages).toEqual([
      {
        role: "system",
        content: `You personalize answers for a specific user. Use the user's past items to match their preferences and style. Reply with ${FORMAT}.`,
      },
      { role: "user", content: `Past items of this user:\n${PROFILE_LINES}\n\n${INPUT}` },
    ]);
    expect(value.stageHeaders).toEqual([]);
    expect(value.assistantPrefix).toBeUndefined();
  });

  it("hrt: the three stage headers in order with the allowed format, in the user turn by default; headers travel with the messages", async () => {
    const value = await build({ template: "hrt" });
    // DeepSeek's advice for R1-family models: no system prompt, instructions in the user turn.
    expect(value.messages).toHaveLength(1);
    const user = value.messages[0];
    expect(user.role).toBe("user");
    const headers = ["Stage 1 - Requirement analysis", "Stage 2 - User profile synthesis", "Stage 3 - Response generation"];
    const at = headers.map((h) => user.content.indexOf(`${h}:`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(user.content).toContain(`the only allowed output format (${FORMAT})`);
    expect(user.content.endsWith(`\n\nPast items of this user:\n${PROFILE_LINES}\n\nTask: ${INPUT}`)).toBe(true);
    expect(value.instruction).toBe(user.content.slice(0, user.content.indexOf("\n\nPast items")));
    expect(value.stageHeaders).toEqual(headers);
    expect(value.assistantPrefix).toBeUndefined();
    expect(value.shownItems?.map((item) => item.text)).toEqual(PROFILE_LINES.split("\n"));

    const inSystem = await build({ template: "hrt", instructionTurn: "system" });
    expect(inSystem.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(inSystem.messages[0].content).toBe(value.instruction);
    expect(inSystem.messages[1]).toEqual({ role: "user", content: `Past items of this user:\n${PROFILE_LINES}\n\nTask: ${INPUT}` });
  });

  it("hrt with prefillThink and custom headers opens the assistant turn at stage 1", async () => {
    const value = await build({ template: "hrt", prefillThink: true, stageHeaders: ["Need", "User", "Reply"] });
    expect(value.assistantPrefix).toBe("<think>\nNeed:");
    expect(value.stageHeaders).toEqual(["Need", "User", "Reply"]);
    expect(value.messages[0].content).toContain("\nUser: summarize what the user's past items reveal");
  });

  it("custom: every known {{variable}} is filled; an empty system text sends no system message", async () => {
    const value = await build({
      template: "custom",
      systemText: "",
      userText: "{{task}} | k={{k}} | query={{query}} | {{ format }}\n{{profile}}\n{{input}}",
    });
    expect(value.messages).toEqual([
      {
        role: "user",
        content: `Personalized News Categorization | k=2 | query=Lawmakers debate | ${FORMAT}\n${PROFILE_LINES}\n${INPUT}`,
      },
    ]);
    expect(value.template).toBe("custom");
  });

  it("custom without a user text is refused by validateGraph (it would fail every item), naming the node and parameter", () => {
    const result = validateGraph(modelPipeline({ kind: "generate" }, { template: "custom", systemText: "Be brief." }), nodeRegistry, { requireScoreNode: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "invalid_params", nodeId: "prompt", path: "userText", message: expect.stringContaining("custom template needs a user text") }),
    ]);
    const hrt = validateGraph(modelPipeline({ kind: "generate" }, { template: "hrt", stageInstructions: false, systemText: "Mine." }), nodeRegistry);
    expect(hrt.ok ? [] : hrt.issues.map((i) => i.path)).toEqual(["stageInstructions"]);
  });

  it("custom with an unknown {{variable}} is refused by validateGraph, naming the node", () => {
    const graph = modelPipeline({ kind: "generate" }, { template: "custom", userText: "Hello {{input}} from {{userName}}" });
    const result = validateGraph(graph, nodeRegistry, { requireScoreNode: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paramIssues = result.issues.filter((i) => i.code === "invalid_params");
    expect(paramIssues).toHaveLength(1);
    expect(paramIssues[0]).toMatchObject({ nodeId: "prompt", path: "userText" });
    expect(paramIssues[0].message).toContain('Node "prompt" (prompt)');
    expect(paramIssues[0].message).toContain("{{userName}}");
    // The same graph with known variables only is valid (the failure above is the variable, nothing else).
    const fixed = modelPipeline({ kind: "generate" }, { template: "custom", userText: "Hello {{input}}" });
    expect(validateGraph(fixed, nodeRegistry, { requireScoreNode: true }).ok).toBe(true);
  });
});
