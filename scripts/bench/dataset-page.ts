/**
 * Code that runs inside the page, kept as plain-JavaScript strings: functions passed to Playwright
 * would be transpiled by tsx first, and its helpers do not exist in the page.
 */

/** Installed before any page script: long tasks, long animation frames (with script attribution), drop time. */
export const OBSERVERS = `
(() => {
  const b = (window.__bench = { longtasks: [], loafs: [], dropAt: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        b.longtasks.push({ start: e.startTime, duration: e.duration, name: e.name,
          attribution: (e.attribution || []).map((a) => a.containerSrc || a.containerName || a.name) });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { b.longtaskError = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        b.loafs.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
          renderStart: e.renderStart, styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({ src: s.sourceURL, fn: s.sourceFunctionName,
            invoker: s.invoker, type: s.invokerType, duration: s.duration })) });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) { b.loafError = String(e); }
  addEventListener("change", (ev) => {
    const t = ev.target;
    if (b.dropAt === null && t && t.tagName === "INPUT" && t.type === "file") b.dropAt = performance.now();
  }, true);
})();
`;

/** Adds a hidden file input the floor reads its File objects from (the same kind of File as a drop). */
export const ADD_FLOOR_INPUT = `
(() => {
  const input = document.createElement("input");
  input.type = "file"; input.multiple = true; input.id = "bench-floor-input"; input.style.display = "none";
  document.body.appendChild(input);
})()
`;

/**
 * The floor: each file decoded (createImageBitmap, EXIF orientation applied), drawn into a canvas of at
 * most 1 MP (same size rule as the studio) and encoded as JPEG 0.9, one after another on the main thread.
 */
export const RUN_FLOOR = `
(async () => {
  const MAX = 1024 * 1024;
  const files = [...document.getElementById("bench-floor-input").files];
  const t0 = performance.now();
  let bytes = 0;
  for (const f of files) {
    const bmp = await createImageBitmap(f, { imageOrientation: "from-image" });
    let w = bmp.width, h = bmp.height;
    if (w * h > MAX) {
      const s = Math.sqrt(MAX / (w * h));
      w = Math.max(1, Math.floor(w * s)); h = Math.max(1, Math.floor(h * s));
      while (w * h > MAX) { if (w >= h) w--; else h--; }
    }
    const c = document.createElement("canvas");
    c.width = w; c.height = h;
    const ctx = c.getContext("2d");
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bmp, 0, 0, w, h);
    bmp.close();
    const blob = await new Promise((r) => c.toBlob(r, "image/jpeg", 0.9));
    bytes += blob.size;
  }
  return { ms: performance.now() - t0, bytes, files: files.length };
})()
`;

/**
 * True (and records when, in page time) once every dropped file is a card or a rejection, the studio's
 * processing measure exists and "Prepare ZIP" is enabled. Rejections count so that a refused photo ends
 * the wait (and shows in the figures) instead of running into the timeout.
 */
export const READY_TO_ZIP = `
(() => {
  const cards = document.querySelectorAll('[data-testid="image-card"]').length;
  const rejected = document.querySelectorAll('[data-testid="rejection"]').length;
  const btn = document.querySelector('[data-testid="prepare-zip"]');
  const measured = performance.getEntriesByName("dataset:process").length > 0;
  const ok = cards + rejected >= window.__benchExpected && btn && !btn.disabled && measured;
  if (ok && window.__bench.readyAt == null) window.__bench.readyAt = performance.now();
  return ok;
})()
`;

/** Everything the page measured, in page time (ms since navigation start). */
export const COLLECT = `
(() => {
  const entry = (n) => performance.getEntriesByName(n).map((e) => ({ start: e.startTime, end: e.startTime + e.duration }));
  const ready = document.querySelector('[data-testid="zip-ready"]');
  return {
    bench: window.__bench,
    timings: (() => {
      const last = (n) => performance.getEntriesByName(n).at(-1);
      const p = last("dataset:process");
      const z = last("dataset:zip");
      if (!p && !z) return null;
      return {
        processMs: p ? Math.round(p.duration) : undefined,
        zipMs: z ? Math.round(z.duration) : undefined,
        zipBytes: z?.detail?.zipBytes,
        originalBytes: z?.detail?.originalBytes,
      };
    })(),
    process: entry("dataset:process"),
    zip: entry("dataset:zip"),
    zipBytesAttr: ready ? Number(ready.getAttribute("data-bytes")) : null,
    cards: document.querySelectorAll('[data-testid="image-card"]').length,
    rejections: [...document.querySelectorAll('[data-testid="rejection"]')].map((e) => e.textContent),
  };
})()
`;
