import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { chromiumPath } from "./browser";
import type { MachineInfo } from "./types";

/** What the figures were measured on (written beside them). */
export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m?.[1]) cpuModel = m[1].trim();
  } catch {
    // not Linux: os.cpus() is good enough
  }
  let chromium = "unknown";
  try {
    const out = execFileSync(chromiumPath(), ["--version"], {
      encoding: "utf8",
      timeout: 20_000,
      stdio: "pipe",
    });
    chromium = out.trim().split("\n").pop()?.trim() ?? "unknown";
  } catch {
    chromium = `not found at ${chromiumPath()}`;
  }
  const load = os.loadavg();
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium,
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0].map((n) => Math.round(n * 100) / 100) as [
      number,
      number,
      number,
    ],
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium}; load average at start ${m.loadAverage.join(" / ")}`;
}
