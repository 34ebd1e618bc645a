import { expect, test } from "./fixtures";

/**
 * A route's loading boundary hydrates in a later pass than the layout. The layout's finetune watcher
 * fetches the shared finetune list as soon as the layout has hydrated, so on a slow machine the list can
 * be in the cache before the page section hydrates; the section must still hydrate as the server rendered
 * it (React error #418 otherwise, seen intermittently on /finetunes and the details page). Here the
 * condition is forced: the list request is answered at once, with the server's real answer.
 */

// /finetunes reads the list inside its loading boundary; pages without one hydrate in the layout's pass.
test("/finetunes hydrates without a mismatch when the finetune list arrives first", async ({
  page,
  request,
  finetunes,
}) => {
  const res = await request.get("/api/finetunes");
  expect(res.ok()).toBe(true);
  const answer: unknown = await res.json();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.addInitScript((body) => {
    const realFetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname !== "/api/finetunes") return realFetch(input, init);
      // Settles in microtasks, before React's next task: the page section has not hydrated yet.
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    };
  }, answer);

  await finetunes.goto();
  await expect
    .poll(() => page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer"))))
    .toBe(true);
  // The list the early answer carried is shown once hydrated (the answer was really used).
  await expect(finetunes.count.or(page.getByText("No finetunes yet"))).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});
