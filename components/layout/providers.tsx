"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { z } from "zod";
import { makeQueryClient } from "@/lib/queries/client";

// zod probes for `new Function` (its JIT) on first parse; the CSP forbids eval, so skip the probe and
// the violation report it causes.
z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
