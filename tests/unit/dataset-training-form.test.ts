import { describe, expect, it } from "vitest";
import { TEXT_LIMITS } from "@/lib/api/text-limits";
import { finetuneParamsSchema, ITERATIONS, LEARNING_RATE, prioritySchema } from "@/lib/bfl";
import {
  defaultForm,
  formToParams,
  TRAINING_LIMITS,
  TRAINING_OPTIONS,
  type TrainingForm,
  updateForm,
  validateForm,
} from "@/lib/dataset/form";

const filled = (patch: Partial<TrainingForm> = {}) =>
  updateForm(defaultForm(), { finetune_comment: "mug", mode: "product", ...patch });

describe("training form derived from the contract", () => {
  it("reads its ranges and choices from lib/bfl and the server's text limits", () => {
    expect(TRAINING_LIMITS.iterations).toEqual({ min: ITERATIONS.min, max: ITERATIONS.max });
    expect(TRAINING_LIMITS.learning_rate).toEqual({ min: LEARNING_RATE.min, max: LEARNING_RATE.max });
    expect(TRAINING_LIMITS.finetune_comment).toBe(TEXT_LIMITS.finetune_comment);
    expect(TRAINING_OPTIONS.priority).toEqual(prioritySchema.options);
    expect(TRAINING_OPTIONS.lora_rank).toEqual([16, 32]);
  });

  it("takes a name as long as the server takes, and no longer", () => {
    const long = "n".repeat(TEXT_LIMITS.finetune_comment);
    expect(validateForm(filled({ finetune_comment: long }))).toEqual({});
    expect(validateForm(filled({ finetune_comment: `${long}n` })).finetune_comment).toMatch(
      `Keep the name to ${TEXT_LIMITS.finetune_comment} characters.`,
    );
    expect(validateForm(filled({ finetune_comment: "   " })).finetune_comment).toMatch(
      /Give the finetune a name/,
    );
  });

  it("says what is wrong per field, and sends only what the server's schema accepts", () => {
    const e = validateForm(filled({ mode: "", trigger_word: " ", iterations: "", learning_rate: "abc" }));
    expect(e).toEqual({
      mode: "Choose what the images teach.",
      trigger_word: "Set a trigger word (BFL's default is TOK).",
      iterations: `A whole number from ${ITERATIONS.min} to ${ITERATIONS.max}.`,
      learning_rate: `A number from ${LEARNING_RATE.min} (1e-6) to ${LEARNING_RATE.max}.`,
    });
    expect(validateForm(filled({ iterations: "150.5" })).iterations).toMatch(/whole number/);
    const params = formToParams(filled({ trigger_word: "  mycstm  " }));
    expect(params).toMatchObject({ trigger_word: "mycstm", iterations: ITERATIONS.default, mode: "product" });
    expect(finetuneParamsSchema.safeParse(params).success).toBe(true);
  });
});
