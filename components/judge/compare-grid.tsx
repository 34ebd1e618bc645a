"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { Skeleton } from "@/components/ui/skeleton";
import { ENDPOINT_INFO } from "@/lib/bfl";
import { columnLabel, comparisonGrid } from "@/lib/judge/compare";
import { sheetLayout } from "@/lib/judge/contact-sheet";
import { renderContactSheet } from "@/lib/judge/contact-sheet-client";
import { comparisonOptions } from "@/lib/queries/comparisons";
import { isGenerationDone } from "@/lib/queries/generations";

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A comparison as a labelled grid: a row per finetune, a column per strength (base model first). */
export function CompareGrid({ id }: { id: string }) {
  const q = useQuery(comparisonOptions(id));
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.isError) return <AlertText message={`This comparison could not be loaded: ${q.error.message}`} />;
  const gens = q.data;
  const grid = comparisonGrid(gens);
  const done = gens.filter(isGenerationDone).length;
  const first = gens[0];
  // Rows may mix endpoints (a klein LoRA runs on its own); name them as the form does, not by their ids.
  const endpoints = [...new Set(gens.map((g) => ENDPOINT_INFO[g.endpoint].short))].join(" + ");
  const title = `Seed ${first?.seed ?? "random"} · ${endpoints}`;

  return (
    <section aria-labelledby="compare-h" className="space-y-3" data-testid="compare-result">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="compare-h" className="text-lg font-semibold">
          Comparison · {grid.rows.length} finetune{grid.rows.length === 1 ? "" : "s"} × {grid.columns.length}{" "}
          columns · {title}
        </h2>
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={exporting || done < gens.length}
          data-testid="compare-export"
          onClick={async () => {
            setExporting(true);
            setExportError(null);
            try {
              const png = await renderContactSheet(sheetLayout(grid, `${first?.prompt ?? ""} · ${title}`));
              download(png, `comparison-${id.slice(4, 12)}.png`);
            } catch (err) {
              setExportError(err instanceof Error ? err.message : "The contact sheet could not be made.");
            } finally {
              setExporting(false);
            }
          }}
        >
          {exporting ? "Drawing…" : "Export contact sheet (PNG)"}
        </button>
      </div>
      <p className="text-sm" role="status" data-testid="compare-progress">
        {done} of {gens.length} images finished
      </p>
      <AlertText message={exportError} />
      <div className="overflow-x-auto">
        <table className="border-separate border-spacing-2 text-sm" data-testid="compare-grid">
          <thead>
            <tr>
              <th scope="col" className="text-left">
                Finetune
              </th>
              {grid.columns.map((s) => (
                <th key={s} scope="col" className="text-center" data-testid="compare-column">
                  {columnLabel(s)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((r) => (
              <tr key={r.key} data-testid="compare-row">
                <th scope="row" className="max-w-48 text-left align-top font-medium">
                  {r.label}
                  <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">
                    “{r.prompt}”
                  </span>
                </th>
                {grid.columns.map((s) => {
                  const g = grid.cell(r.key, s);
                  return (
                    <td
                      key={s}
                      className="h-40 w-40 bg-zinc-100 align-middle dark:bg-zinc-800"
                      data-testid="compare-cell"
                    >
                      {g?.thumbnail_url ? (
                        // biome-ignore lint/performance/noImgElement: stored thumbnails from our own API
                        <img
                          src={g.thumbnail_url}
                          alt={`${r.label}, ${columnLabel(s)}`}
                          className="h-40 w-40 object-contain"
                          data-testid="compare-image"
                        />
                      ) : (
                        <span className="block p-2 text-center text-xs">
                          {!g ? "not made" : g.error ? g.error.message : g.status}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
