"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { toast } from "@/components/ui/toast-store";
import type { FinetuneStatus } from "@/lib/api/types";
import {
  type FinishedTransition,
  findFinished,
  finishedMessage,
  statusMap,
} from "@/lib/finetunes/transitions";
import { finetuneListOptions } from "@/lib/queries/finetunes";
import { useRouteHydrated } from "@/lib/queries/route-hydration";

const STORAGE_KEY = "finetune-watcher:last-statuses";

function loadSeen(): Map<string, FinetuneStatus> | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? new Map(JSON.parse(raw) as [string, FinetuneStatus][]) : null;
  } catch {
    return null;
  }
}

function saveSeen(seen: Map<string, FinetuneStatus>) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...seen]));
  } catch {
    // Storage full or blocked: the watcher still works for this page's lifetime.
  }
}

function announce(t: FinishedTransition) {
  const { title, body } = finishedMessage(t);
  toast({
    title,
    body,
    tone: t.outcome === "Ready" ? "success" : "error",
    action: { label: "Open finetune", href: `/finetunes/${encodeURIComponent(t.finetune.id)}` },
  });
  if (typeof Notification !== "undefined" && Notification.permission === "granted") {
    try {
      // The tag makes several open tabs show one notification, not one each.
      new Notification(title, { body, tag: `finetune-${t.finetune.id}-${t.outcome}` });
    } catch {
      // Some browsers only allow notifications from a service worker; the toast is enough.
    }
  }
}

/**
 * Mounted once in the root layout: watches the shared finetune list (which polls only while something
 * trains) and announces each finetune that turns Ready or Error, on whatever page is open. The last seen
 * statuses survive a reload of the tab, so a training that ends meanwhile is still announced.
 */
export function FinetuneWatcher() {
  // Not before the page has hydrated: see useRouteHydrated.
  const { data } = useQuery({ ...finetuneListOptions(), enabled: useRouteHydrated() });
  const seen = useRef<Map<string, FinetuneStatus> | null>(null);

  useEffect(() => {
    if (!data) return;
    const previous = seen.current ?? loadSeen();
    const current = statusMap(data);
    seen.current = current;
    saveSeen(current);
    if (previous) for (const t of findFinished(previous, data)) announce(t);
  }, [data]);

  return null;
}
