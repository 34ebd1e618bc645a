"use client";

import { useMemo, useState } from "react";
import { addsText, type BulkOp, type CaptionChange, describeOp, planBulk } from "@/lib/dataset/bulk-ops";
import type { History } from "@/lib/dataset/history";
import type { DatasetItem } from "@/lib/dataset/types";
import { BulkPreview } from "./bulk-preview";

type Kind = BulkOp["kind"];

const INPUT =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const BTN =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Caption operations over all or the selected images: live preview of every change, then apply; undo after. */
export function BulkBar({
  items,
  selected,
  triggerWord,
  history,
  historyMessage,
  onApply,
  onUndo,
  onRedo,
  onSelectAll,
  onRemoveSelected,
}: {
  items: DatasetItem[];
  selected: ReadonlySet<string>;
  triggerWord: string;
  history: History;
  historyMessage: string | null;
  onApply: (label: string, changes: CaptionChange[]) => void;
  onUndo: () => void;
  onRedo: () => void;
  onSelectAll: (all: boolean) => void;
  onRemoveSelected: () => void;
}) {
  const [kind, setKind] = useState<Kind>("prefix");
  const [text, setText] = useState("");
  const [find, setFind] = useState("");
  const [replace, setReplace] = useState("");
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [includeUncaptioned, setIncludeUncaptioned] = useState(false);
  const scopeIds = useMemo(
    () => (selected.size > 0 ? items.filter((i) => selected.has(i.id)) : items).map((i) => i.id),
    [items, selected],
  );
  const op: BulkOp =
    kind === "prefix" || kind === "suffix"
      ? { kind, text, includeUncaptioned }
      : kind === "replace"
        ? { kind, find, replace, regex, caseSensitive }
        : kind === "trigger"
          ? { kind, word: triggerWord, includeUncaptioned }
          : { kind: "clear" };
  const captions = useMemo(() => new Map(items.map((i) => [i.id, i.caption])), [items]);
  const touched = kind === "trigger" || kind === "clear" || (kind === "replace" ? find !== "" : text !== "");
  const result = touched ? planBulk(captions, scopeIds, op) : null;
  const names = new Map(items.map((i) => [i.id, i.name]));
  const lastUndo = history.undo.at(-1);
  const lastRedo = history.redo.at(-1);

  if (items.length === 0) return null;
  return (
    <section
      aria-label="Edit captions in bulk"
      data-testid="bulk-bar"
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium">
          Bulk caption edit
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            className={INPUT}
            data-testid="bulk-kind"
          >
            <option value="prefix">Add prefix</option>
            <option value="suffix">Add suffix</option>
            <option value="replace">Find and replace</option>
            <option value="trigger">Insert trigger word where missing</option>
            <option value="clear">Clear captions</option>
          </select>
        </label>
        {(kind === "prefix" || kind === "suffix") && (
          <label className="flex flex-1 flex-col gap-1 text-xs font-medium">
            {kind === "prefix" ? "Prefix" : "Suffix"}
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              className={INPUT}
              data-testid="bulk-text"
            />
          </label>
        )}
        {kind === "replace" && (
          <>
            <label className="flex flex-1 flex-col gap-1 text-xs font-medium">
              Find
              <input
                value={find}
                onChange={(e) => setFind(e.target.value)}
                className={INPUT}
                data-testid="bulk-find"
              />
            </label>
            <label className="flex flex-1 flex-col gap-1 text-xs font-medium">
              Replace with
              <input
                value={replace}
                onChange={(e) => setReplace(e.target.value)}
                className={INPUT}
                data-testid="bulk-replace"
              />
            </label>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={regex}
                onChange={(e) => setRegex(e.target.checked)}
                data-testid="bulk-regex"
              />
              Regex
            </label>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={caseSensitive}
                onChange={(e) => setCaseSensitive(e.target.checked)}
              />
              Match case
            </label>
          </>
        )}
        {addsText(op) && (
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={includeUncaptioned}
              onChange={(e) => setIncludeUncaptioned(e.target.checked)}
              data-testid="bulk-include-uncaptioned"
            />
            Also images without a caption
          </label>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span data-testid="bulk-scope">
          Applies to {selected.size > 0 ? `${scopeIds.length} selected` : `all ${scopeIds.length}`} image
          {scopeIds.length === 1 ? "" : "s"}
        </span>
        <button type="button" className={BTN} onClick={() => onSelectAll(selected.size !== items.length)}>
          {selected.size === items.length ? "Select none" : "Select all"}
        </button>
        {selected.size > 0 && (
          <button
            type="button"
            className={`${BTN} text-red-700 dark:text-red-300`}
            onClick={onRemoveSelected}
            data-testid="remove-selected"
          >
            Remove {selected.size} selected
          </button>
        )}
        <span className="flex-1" />
        {(
          [
            ["Undo", lastUndo, onUndo],
            ["Redo", lastRedo, onRedo],
          ] as const
        ).map(([verb, entry, onClick]) => (
          <button
            key={verb}
            type="button"
            className={BTN}
            onClick={onClick}
            disabled={!entry}
            data-testid={verb.toLowerCase()}
            title={entry ? `${verb}: ${entry.label}` : `Nothing to ${verb.toLowerCase()}`}
          >
            {entry ? `${verb}: ${entry.label}` : verb}
          </button>
        ))}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Undo covers typing, bulk edits and removals while this page stays open; a reload keeps the draft but
        starts a fresh history.
      </p>
      {historyMessage && (
        <p
          role="alert"
          className="text-sm font-medium text-red-700 dark:text-red-300"
          data-testid="history-error"
        >
          {historyMessage}
        </p>
      )}
      {result && !result.ok && (
        <p
          role="alert"
          className="text-sm font-medium text-red-700 dark:text-red-300"
          data-testid="bulk-error"
        >
          {result.error}
        </p>
      )}
      {result?.ok && (
        <BulkPreview
          changes={result.changes}
          names={names}
          note={
            result.skipped > 0
              ? `${result.skipped} image${result.skipped === 1 ? " has" : "s have"} no caption and ${result.skipped === 1 ? "is" : "are"} left alone, so BFL can caption ${result.skipped === 1 ? "it" : "them"} itself (tick "Also images without a caption" to include ${result.skipped === 1 ? "it" : "them"}).`
              : null
          }
          label={describeOp(op)}
          onApply={() => {
            onApply(describeOp(op), result.changes);
            setText("");
            setFind("");
            setReplace("");
          }}
        />
      )}
    </section>
  );
}
