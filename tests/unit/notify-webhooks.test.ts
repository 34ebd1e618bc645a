import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bflWebhookSchema, webhookStatus, webhookTaskId } from "@/lib/bfl/webhook";
import { webhookAuthentic } from "@/lib/node/webhook-signature";
import {
  eventKey,
  MAX_TEXT,
  type NotifyEventInput,
  notifyBody,
  retryDelayMs,
  signedText,
} from "@/lib/notify/message";
import { webhookRequest } from "@/lib/simulator/webhooks";

const ready: NotifyEventInput = {
  type: "finetune.ready",
  finetune: {
    id: "ft-1",
    bfl_id: "bfl-1",
    comment: "mug <@everyone> *bold*",
    trigger_word: "TOK",
    status: "Ready",
    error: null,
  },
};

describe("outbound notification body", () => {
  it("carries the same plain text for Slack (text) and Discord (content) plus the structured event", () => {
    const body = notifyBody(ready, {
      id: "e1",
      created_at: "2026-12-03T00:00:00.000Z",
      publicUrl: "https://s.example",
    });
    expect(body.text).toBe(body.content);
    expect(body.text).toBe(
      'Finetune Studio: finetune "mug everyone bold" is Ready (trigger: TOK). https://s.example/finetunes/ft-1',
    );
    expect(body.event).toMatchObject({
      id: "e1",
      type: "finetune.ready",
      url: "https://s.example/finetunes/ft-1",
    });
    expect(body.event).toHaveProperty("finetune.bfl_id", "bfl-1");
  });

  it("names the failure and stays within Discord's 2,000 characters", () => {
    const failed: NotifyEventInput = {
      type: "finetune.failed",
      finetune: {
        ...ready.finetune,
        status: "Error",
        error: { code: "bfl_task_failed", message: "x".repeat(5000) },
      },
    };
    const body = notifyBody(failed, { id: "e2", created_at: "t", publicUrl: undefined });
    expect(body.text.startsWith('Finetune Studio: finetune "mug everyone bold" failed: xxx')).toBe(true);
    expect(body.text.length).toBe(MAX_TEXT);
    expect(body.event.url).toBeNull();
  });

  it("keys events so one ending is one event", () => {
    expect(eventKey(ready)).toBe("finetune.ready:ft-1");
    expect(
      eventKey({
        type: "job.finished",
        job: { kind: "comparison", id: "cmp-1", total: 3, ready: 3, failed: 0 },
      }),
    ).toBe("job:comparison:cmp-1");
  });

  it("backs off 1 s, 2 s, 4 s … up to 10 minutes, and honours Retry-After", () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30)).toBe(600_000);
    expect(retryDelayMs(0, 5_000)).toBe(5_000);
    expect(retryDelayMs(0, 0)).toBe(1_000);
  });

  it("signs timestamp.body", () => {
    expect(signedText(1700000000, '{"a":1}')).toBe('1700000000.{"a":1}');
  });
});

describe("BFL webhooks: what the simulator sends is what the dashboard accepts", () => {
  const result = {
    id: "task-9",
    status: "Ready" as const,
    result: { sample: "http://sim/sample.jpeg?sig=1", prompt: "TOK" },
    progress: null,
  };
  const headersOf = (h: Record<string, string>) => ({
    signature: h["x-bfl-signature"] ?? null,
    secret: h["x-webhook-secret"] ?? null,
  });

  it("signed shape: {id, status: Ready} with X-BFL-Signature = HMAC of the body", () => {
    const { body, headers } = webhookRequest("signed", result, "s3cret", 1_700_000_000_000);
    const parsed = bflWebhookSchema.parse(JSON.parse(body));
    expect([webhookTaskId(parsed), webhookStatus(parsed)]).toEqual(["task-9", "Ready"]);
    expect(headers["x-bfl-signature"]).toBe(
      `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`,
    );
    expect(webhookAuthentic("s3cret", body, headersOf(headers))).toBe(true);
    expect(webhookAuthentic("other", body, headersOf(headers))).toBe(false);
    expect(webhookAuthentic("s3cret", `${body} `, headersOf(headers))).toBe(false);
  });

  it("legacy shape: {task_id, status: SUCCESS} with the secret in X-Webhook-Secret", () => {
    const { body, headers } = webhookRequest("legacy", result, "s3cret", 0);
    const parsed = bflWebhookSchema.parse(JSON.parse(body));
    expect([webhookTaskId(parsed), webhookStatus(parsed)]).toEqual(["task-9", "Ready"]);
    expect(JSON.parse(body).status).toBe("SUCCESS");
    expect(webhookAuthentic("s3cret", body, headersOf(headers))).toBe(true);
    expect(webhookAuthentic("s3cret!", body, headersOf(headers))).toBe(false);
  });

  it("refuses a webhook with no proof at all, or a wrong proof next to a right one's absence", () => {
    expect(webhookAuthentic("s3cret", "{}", { signature: null, secret: null })).toBe(false);
    expect(webhookAuthentic("s3cret", "{}", { signature: "sha256=00", secret: null })).toBe(false);
    expect(webhookAuthentic("s3cret", "{}", { signature: null, secret: "" })).toBe(false);
  });
});

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("settings", () => {
  it("names a bad NOTIFY_WEBHOOK_URL or PUBLIC_URL and accepts good ones", async () => {
    const { parseConfig } = await import("@/lib/server/env");
    expect(() => parseConfig(env({ NOTIFY_WEBHOOK_URL: "hooks.slack.com/x" }))).toThrow(
      /NOTIFY_WEBHOOK_URL: NOTIFY_WEBHOOK_URL must be an http\(s\) URL/,
    );
    expect(() => parseConfig(env({ PUBLIC_URL: "ftp://studio.example.com" }))).toThrow(/PUBLIC_URL/);
    const cfg = parseConfig(
      env({
        NOTIFY_WEBHOOK_URL: "https://discord.com/api/webhooks/1/abc",
        NOTIFY_WEBHOOK_SECRET: "",
        PUBLIC_URL: "https://studio.example.com/",
      }),
    );
    expect(cfg).toMatchObject({
      notifyWebhookUrl: "https://discord.com/api/webhooks/1/abc",
      notifyWebhookSecret: undefined,
      publicUrl: "https://studio.example.com",
    });
    expect(parseConfig(env({ PUBLIC_URL: "" })).publicUrl).toBeUndefined();
  });

  it("names a bad SIMULATOR_WEBHOOK_SHAPE", async () => {
    const { loadConfig } = await import("@/lib/simulator/config");
    expect(() => loadConfig(env({ SIMULATOR_WEBHOOK_SHAPE: "both" }))).toThrow(
      /SIMULATOR_WEBHOOK_SHAPE: must be "alternate"/,
    );
    expect(loadConfig(env({ SIMULATOR_WEBHOOK_SHAPE: "legacy" })).webhookShape).toBe("legacy");
    expect(loadConfig(env({})).webhookShape).toBe("alternate");
  });
});
