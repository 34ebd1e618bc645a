import { type CompareGrid, columnLabel } from "./compare";

/**
 * The PNG contact sheet of a comparison, as plain data (pure, unit-tested): where each image and each
 * label goes. A worker draws it on an OffscreenCanvas (`contact-sheet.worker.ts`).
 */

export interface SheetLabel {
  text: string;
  x: number;
  y: number;
  size: number;
  bold?: boolean;
  align: "left" | "center";
}

export interface SheetTile {
  /** Dashboard URL of the full image; null draws an empty cell marked "no image". */
  url: string | null;
  x: number;
  y: number;
  size: number;
}

export interface SheetLayout {
  width: number;
  height: number;
  labels: SheetLabel[];
  tiles: SheetTile[];
}

export const SHEET = { tile: 256, gap: 8, pad: 16, rowLabel: 200, header: 36, title: 48 } as const;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function sheetLayout(grid: CompareGrid, title: string): SheetLayout {
  const { tile, gap, pad, rowLabel, header, title: titleH } = SHEET;
  const cols = grid.columns.length;
  const rows = grid.rows.length;
  const width = pad * 2 + rowLabel + cols * tile + Math.max(0, cols - 1) * gap;
  const height = pad * 2 + titleH + header + rows * tile + Math.max(0, rows - 1) * gap;
  const gridX = pad + rowLabel;
  const gridY = pad + titleH + header;
  const labels: SheetLabel[] = [
    { text: clip(title, 110), x: pad, y: pad + 22, size: 18, bold: true, align: "left" },
  ];
  grid.columns.forEach((s, c) => {
    labels.push({
      text: columnLabel(s),
      x: gridX + c * (tile + gap) + tile / 2,
      y: pad + titleH + 22,
      size: 14,
      bold: true,
      align: "center",
    });
  });
  const tiles: SheetTile[] = [];
  grid.rows.forEach((r, i) => {
    const y = gridY + i * (tile + gap);
    labels.push({ text: clip(r.label, 24), x: pad, y: y + 24, size: 15, bold: true, align: "left" });
    labels.push({ text: clip(r.prompt, 28), x: pad, y: y + 46, size: 12, align: "left" });
    grid.columns.forEach((s, c) => {
      const g = grid.cell(r.key, s);
      tiles.push({ url: g?.image_url ?? null, x: gridX + c * (tile + gap), y, size: tile });
    });
  });
  return { width, height, labels, tiles };
}
