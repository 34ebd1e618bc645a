import JSZip from "jszip";
import sharp from "sharp";

/** What the dataset part reads back from the page, and how it turns that into words and checks. */

const MAX_PIXELS = 1024 * 1024;

export interface Collected {
  bench: {
    dropAt: number | null;
    readyAt?: number;
    longtasks: { start: number; duration: number; attribution: string[] }[];
    loafs: {
      start: number;
      duration: number;
      blocking: number;
      renderStart: number;
      styleAndLayoutStart: number;
      scripts: { src: string; fn: string; invoker: string; type: string; duration: number }[];
    }[];
    longtaskError?: string;
  };
  timings: { processMs?: number; zipMs?: number; zipBytes?: number; originalBytes?: number } | null;
  process: { start: number; end: number }[];
  zip: { start: number; end: number }[];
  zipBytesAttr: number | null;
  cards: number;
  rejections: string[];
}

/** One long animation frame in words: how long, when, and where its time went (scripts, then rendering). */
export function describeFrame(f: Collected["bench"]["loafs"][number], dropAt: number): string {
  const end = f.start + f.duration;
  const scriptMs = f.scripts.reduce((n, s) => n + s.duration, 0);
  const styleLayout = f.styleAndLayoutStart > 0 ? end - f.styleAndLayoutStart : 0;
  const render = f.renderStart > 0 ? end - f.renderStart : 0;
  const scripts = [...f.scripts]
    .sort((x, y) => y.duration - x.duration)
    .slice(0, 2)
    .map((s) => {
      const src = s.src ? s.src.replace(/^.*\/_next\/static\//, "") : "inline";
      return `${s.invoker || s.type}${s.fn ? ` ${s.fn}` : ""} (${src}, ${Math.round(s.duration)} ms)`;
    });
  return `${Math.round(f.duration)} ms frame at +${Math.round(f.start - dropAt)} ms: scripts ${Math.round(scriptMs)} ms${
    scripts.length > 0 ? ` [${scripts.join("; ")}]` : ""
  }, rendering ${Math.round(render)} ms (style+layout ${Math.round(styleLayout)} ms)`;
}

/** Reads our ZIP back: how many images, and that none is over BFL's 1 MP. */
export async function checkZip(
  bytes: Buffer,
): Promise<{ images: number; maxPixels: number; problems: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  let images = 0;
  let maxPixels = 0;
  const problems: string[] = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !/\.(jpe?g|png|webp)$/i.test(entry.name)) continue;
    images++;
    const meta = await sharp(await entry.async("nodebuffer")).metadata();
    const px = (meta.width ?? 0) * (meta.height ?? 0);
    maxPixels = Math.max(maxPixels, px);
    if (px > MAX_PIXELS) problems.push(`${entry.name} is ${meta.width}×${meta.height}`);
  }
  return { images, maxPixels, problems };
}
