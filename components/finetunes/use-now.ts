"use client";

import { useEffect, useState } from "react";

/**
 * The current time, re-read every `intervalMs` while `intervalMs` is not null. A UI clock for estimates
 * between refetches; data itself is polled by react-query, never by a timer here.
 */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
