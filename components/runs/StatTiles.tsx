import type { StatTile } from "@/components/charts/prepareStatTiles";
import { Definition } from "@/components/ui/Definition";

export function StatTiles({ tiles }: { tiles: readonly StatTile[] }) {
  return (
    <div className="stat-tiles">
      {tiles.map((t) => (
        <div className="stat-tile" key={t.key} data-testid={`stat-${t.key}`}>
          <div className="stat-title">{t.title}</div>
          <div className="stat-value">{t.display}</div>
          <div className="stat-support muted small">{t.value === null ? "not defined for this run" : t.support !== null ? `over ${t.support} item${t.support === 1 ? "" : "s"}` : ""}</div>
          <Definition text={t.definition} direction={t.directionLabel} />
        </div>
      ))}
    </div>
  );
}
