import { describe, expect, it } from "vitest";
import { notificationBody, notifyBackoffMs } from "@/lib/judge/notify-message";

describe("notification body", () => {
  it("carries Slack's text, Discord's content and the event", () => {
    const body = JSON.parse(
      notificationBody(
        {
          key: "finetune:a:Ready",
          kind: "finetune.ready",
          finetune_id: "a",
          title: 'Finetune "x" is ready',
          detail: "Open it.",
        },
        "2026-12-03T00:00:00.000Z",
      ),
    );
    expect(body).toEqual({
      text: 'Finetune "x" is ready. Open it.',
      content: 'Finetune "x" is ready. Open it.',
      event: {
        id: "finetune:a:Ready",
        kind: "finetune.ready",
        finetune_id: "a",
        title: 'Finetune "x" is ready',
        detail: "Open it.",
        at: "2026-12-03T00:00:00.000Z",
      },
    });
  });
  it("keeps the message under Discord's 2000-character limit", () => {
    const body = JSON.parse(
      notificationBody(
        { key: "k", kind: "finetune.error", finetune_id: "a", title: "t", detail: "x".repeat(5000) },
        "",
      ),
    );
    expect(body.content.length).toBeLessThanOrEqual(1900);
  });
});

describe("notifyBackoffMs", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5].map((a) => notifyBackoffMs(a))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(notifyBackoffMs(20)).toBe(60_000);
  });
});
