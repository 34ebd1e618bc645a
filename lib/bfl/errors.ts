import { z } from "zod";

/** FastAPI validation error (422). */
export const validationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;
export const validationErrorBodySchema = z.object({ detail: z.array(validationIssueSchema) });

export const BFL_ERROR_MESSAGES = {
  notAuthenticated: "Not authenticated - Invalid Authentication",
  insufficientCredits: "Insufficient credits",
  finetuneNotFoundOrNotReady: "Finetune not found or not ready",
  finetuneNotFound: "Finetune not found or access denied",
  tooManyTasks: "Too many concurrent requests",
} as const;

/** BFL's default limit of unfinished tasks per account (bfl-api.md §4). */
export const MAX_ACTIVE_TASKS = 24;

/**
 * Turn zod issues into FastAPI's `detail` list, `loc` starting with "body" or "query" as FastAPI does.
 * Used by the simulator to answer like BFL and by tests to read BFL's answers.
 */
export function toValidationDetail(
  issues: readonly z.core.$ZodIssue[],
  where: "body" | "query" = "body",
): ValidationIssue[] {
  return issues.map((issue) => {
    const missing = isMissingIssue(issue);
    return {
      loc: [where, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      msg: missing ? "Field required" : issue.message,
      type: missing ? "missing" : issue.code,
    };
  });
}

/**
 * A required field that is absent. zod 4 leaves `input` off issues unless parsing with `reportInput`,
 * so the message ("…, received undefined") is the reliable signal.
 */
function isMissingIssue(issue: z.core.$ZodIssue): boolean {
  if (issue.code !== "invalid_type") return false;
  if ("input" in issue) return issue.input === undefined;
  return /received undefined$/.test(issue.message);
}

/**
 * Zod issues as `path: message` lines for people (the one formatter: API errors, env errors, forms).
 * `prefix` leads every path, `root` names an issue about the whole value, `max` caps the count.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  opts: { prefix?: string; root?: string; max?: number } = {},
): string[] {
  return issues.slice(0, opts.max ?? issues.length).map((i) => {
    const path = [opts.prefix, ...i.path.map(String)].filter(Boolean).join(".") || opts.root;
    return path ? `${path}: ${i.message}` : i.message;
  });
}
