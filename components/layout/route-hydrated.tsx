"use client";

import { useEffect } from "react";
import { markRouteHydrated } from "@/lib/queries/route-hydration";

/**
 * Rendered by every page, inside its loading boundary: its effect runs once the page's tree has
 * hydrated, which lets the layout's queries start (see `useRouteHydrated`).
 */
export function RouteHydrated() {
  useEffect(markRouteHydrated, []);
  return null;
}
