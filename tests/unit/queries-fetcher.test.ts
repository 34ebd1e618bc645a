import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, answerError, apiFetch } from "@/lib/queries/fetcher";

/** One error type for every dashboard call (fetch and the XHR upload alike): what each answer becomes. */

describe("answerError", () => {
  it("keeps the dashboard's own code and message", () => {
    const e = answerError(507, "Insufficient Storage", { code: "storage_failed", message: "Disk full." });
    expect(e).toBeInstanceOf(ApiError);
    expect({ code: e.code, message: e.message, status: e.status }).toEqual({
      code: "storage_failed",
      message: "Disk full.",
      status: 507,
    });
    expect(e.isClientError).toBe(false);
  });

  it("names a bare 413 (a proxy's) as too large, and any other bare answer by its status", () => {
    expect(answerError(413, "Payload Too Large", undefined)).toMatchObject({
      code: "payload_too_large",
      status: 413,
    });
    const other = answerError(404, "Not Found", "<html>");
    expect(other).toMatchObject({ code: "http_error", message: "The dashboard answered 404 Not Found." });
    expect(other.isClientError).toBe(true);
    expect(answerError(429, "Too Many Requests", null).isClientError).toBe(false);
  });
});

describe("apiFetch", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("turns an error answer, a refused connection and an unreadable body into ApiError", async () => {
    const schema = z.object({ ok: z.literal(true) });
    vi.stubGlobal("fetch", async () =>
      Response.json({ code: "not_found", message: "Gone." }, { status: 404 }),
    );
    await expect(apiFetch("/x", schema)).rejects.toMatchObject({ code: "not_found", status: 404 });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(apiFetch("/x", schema)).rejects.toMatchObject({ code: "network", status: 0 });
    vi.stubGlobal("fetch", async () => Response.json({ ok: "yes" }));
    await expect(apiFetch("/x", schema)).rejects.toMatchObject({ code: "bad_response" });
    vi.stubGlobal("fetch", async () => Response.json({ ok: true }));
    await expect(apiFetch("/x", schema)).resolves.toEqual({ ok: true });
  });
});
