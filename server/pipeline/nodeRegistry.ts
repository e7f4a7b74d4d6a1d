import type { AnyNodeDefinition } from "./nodeDefinition";

/** Node kinds by kind and version; the studio's default set is in server/nodes/registry.ts. */
export class NodeRegistry {
  private readonly byKey = new Map<string, AnyNodeDefinition>();

  constructor(definitions: AnyNodeDefinition[] = []) {
    for (const d of definitions) this.register(d);
  }

  register(definition: AnyNodeDefinition): void {
    const key = `${definition.kind}@${definition.version}`;
    if (this.byKey.has(key)) throw new Error(`Node kind ${key} is registered twice.`);
    this.byKey.set(key, definition);
  }

  get(kind: string, version: number): AnyNodeDefinition | undefined {
    return this.byKey.get(`${kind}@${version}`);
  }

  versionsOf(kind: string): number[] {
    return [...this.byKey.values()].filter((d) => d.kind === kind).map((d) => d.version);
  }

  all(): AnyNodeDefinition[] {
    return [...this.byKey.values()];
  }
}
