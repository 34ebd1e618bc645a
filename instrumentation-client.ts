import { z } from "zod";

// Runs in the browser before the app. zod probes for `new Function` (its JIT) on first parse; the CSP
// (proxy.ts) forbids eval, so turn the JIT off and avoid the probe and the violation it reports.
z.config({ jitless: true });
