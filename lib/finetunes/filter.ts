import type { Finetune, FinetuneStatus } from "@/lib/api/types";

export interface FinetuneFilter {
  /** Matched, case-insensitively, against the comment and the trigger word. */
  query: string;
  status: FinetuneStatus | "all";
  mode: string | "all";
}

export const EMPTY_FILTER: FinetuneFilter = { query: "", status: "all", mode: "all" };

export function isFilterActive(filter: FinetuneFilter): boolean {
  return filter.query.trim() !== "" || filter.status !== "all" || filter.mode !== "all";
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** Newest first; ties broken by id so the order is stable across refetches. */
export function sortNewestFirst(list: readonly Finetune[]): Finetune[] {
  return [...list].sort((a, b) => time(b.created_at) - time(a.created_at) || a.id.localeCompare(b.id));
}

export function matchesFilter(f: Finetune, filter: FinetuneFilter): boolean {
  if (filter.status !== "all" && f.status !== filter.status) return false;
  if (filter.mode !== "all" && f.mode !== filter.mode) return false;
  const terms = filter.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = `${f.finetune_comment} ${f.trigger_word}`.toLowerCase();
  return terms.every((t) => haystack.includes(t));
}

export function filterFinetunes(list: readonly Finetune[], filter: FinetuneFilter): Finetune[] {
  return sortNewestFirst(list.filter((f) => matchesFilter(f, filter)));
}
