import { TEXT_LIMITS } from "@/lib/api/text-limits";
import { expect, test } from "./fixtures";

/** The form stops typing at the API's limits (lib/api/text-limits.ts) instead of failing on submit. */
test("the training form's comment and trigger word stop at the API's limits", async ({ page }) => {
  await page.goto("/new");
  const comment = page.getByTestId("field-finetune_comment");
  const trigger = page.getByTestId("field-trigger_word");
  await expect(comment).toHaveAttribute("maxlength", String(TEXT_LIMITS.finetune_comment));
  await expect(trigger).toHaveAttribute("maxlength", String(TEXT_LIMITS.trigger_word));
  await trigger.fill("");
  await trigger.pressSequentially("T".repeat(TEXT_LIMITS.trigger_word + 5));
  await expect(trigger).toHaveValue("T".repeat(TEXT_LIMITS.trigger_word));
});

test("the playground's prompt stops at the API's limit", async ({ page }) => {
  await page.goto("/playground");
  await expect(page.getByTestId("prompt")).toHaveAttribute("maxlength", String(TEXT_LIMITS.prompt));
});
