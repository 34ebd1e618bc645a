"use client";

import { useMemo, useState } from "react";
import {
  type BulkOp,
  type CaptionChange,
  describeOp,
  planBulk,
  type UndoEntry,
} from "@/lib/dataset/bulk-ops";
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
  undoStack,
  onApply,
  onUndo,
  onSelectAll,
}: {
  items: DatasetItem[];
  selected: ReadonlySet<string>;
  triggerWord: string;
  undoStack: UndoEntry[];
  onApply: (label: string, changes: CaptionChange[]) => void;
  onUndo: () => void;
  onSelectAll: (all: boolean) => void;
}) {
  const [kind, setKind] = useState<Kind>("prefix");
  const [text, setText] = useState("");
  const [find, setFind] = useState("");
  const [replace, setReplace] = useState("");
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const scopeIds = useMemo(
    () => (selected.size > 0 ? items.filter((i) => selected.has(i.id)) : items).map((i) => i.id),
    [items, selected],
  );
  const op: BulkOp =
    kind === "prefix" || kind === "suffix"
      ? { kind, text }
      : kind === "replace"
        ? { kind, find, replace, regex, caseSensitive }
        : kind === "trigger"
          ? { kind, word: triggerWord }
          : { kind: "clear" };
  const captions = useMemo(() => new Map(items.map((i) => [i.id, i.caption])), [items]);
  const touched = kind === "trigger" || kind === "clear" || (kind === "replace" ? find !== "" : text !== "");
  const result = touched ? planBulk(captions, scopeIds, op) : null;
  const names = new Map(items.map((i) => [i.id, i.name]));
  const lastUndo = undoStack.at(-1);

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
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span data-testid="bulk-scope">
          Applies to {selected.size > 0 ? `${scopeIds.length} selected` : `all ${scopeIds.length}`} image
          {scopeIds.length === 1 ? "" : "s"}
        </span>
        <button type="button" className={BTN} onClick={() => onSelectAll(selected.size !== items.length)}>
          {selected.size === items.length ? "Select none" : "Select all"}
        </button>
        <span className="flex-1" />
        <button
          type="button"
          className={BTN}
          onClick={onUndo}
          disabled={!lastUndo}
          data-testid="undo"
          title={lastUndo ? `Undo: ${lastUndo.label}` : "Nothing to undo"}
        >
          {lastUndo ? `Undo: ${lastUndo.label}` : "Undo"}
        </button>
      </div>
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
