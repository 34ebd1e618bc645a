import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "api" ? [] : pages(path);
    return e.name === "page.tsx" || e.name === "not-found.tsx" ? [path] : [];
  });
}

// The layout's queries (finetune watcher, credit balance) wait for this mark: a page without it would
// never announce a finished training nor show the balance.
describe("every page marks its hydration", () => {
  const files = pages("app");
  it("finds the pages", () => expect(files.length).toBeGreaterThan(8));
  it.each(files)("%s renders <RouteHydrated />", (file) => {
    expect(readFileSync(file, "utf8")).toContain("<RouteHydrated />");
  });
});
