import { afterAll, describe, expect, it } from "vitest";
import { healthSchema } from "@/lib/api/types";
import { BFL_TODAY_KEY as KEY } from "../fixtures/bfl-today-standin";
import { blackHole } from "../fixtures/black-hole";
import { startDashboard, stopServers } from "../helpers/servers";
import { call, expectError } from "./server-helpers";

/** A BFL host that accepts no connection is diagnosed in seconds, naming the host (BFL_CONNECT_TIMEOUT_MS). */

describe("a black-holed host", () => {
  let hole: { port: number; close: () => void } | undefined;
  afterAll(() => hole?.close());

  it("gives a message naming the host within 10 s", async () => {
    hole = await blackHole();
    const { port } = hole;
    const d = await startDashboard({ bflUrl: `http://127.0.0.1:${port}`, env: { BFL_API_KEY: KEY } });
    try {
      const t0 = Date.now();
      const a = await call(d.url, "/api/finetunes/some-id");
      const took = Date.now() - t0;
      expectError(
        a,
        502,
        "bfl_unavailable",
        new RegExp(
          `cannot reach BFL at 127\\.0\\.0\\.1:${port} .*(accepted no connection|sent no answer) within 4 s`,
        ),
      );
      expect(took).toBeLessThan(10_000);
      const health = healthSchema.parse((await call(d.url, "/api/health")).body);
      expect(health.bfl).toMatchObject({ reachable: false, host: `127.0.0.1:${port}` });
      expect(String(health.bfl?.message)).toMatch(/BFL_API_URL/);
    } finally {
      await stopServers(d);
    }
  });
});
