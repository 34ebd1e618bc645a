import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./processes";

/**
 * Real camera photos from Debian's `mate-backgrounds` package, fetched at bench time into a cache
 * folder (never committed): the 12 nature photos (1.3 to 4.9 MP), repeated under new names to make
 * 19, plus the 18 MP elephants.
 */

const CACHE = path.join(ROOT, ".test-artifacts", "bench", "photos");
const PKG_DIR = path.join(CACHE, "pkg");
const BASE = "usr/share/backgrounds/mate";

export interface Photo {
  path: string;
  name: string;
  bytes: number;
}

function fetchPackage(): void {
  if (existsSync(path.join(PKG_DIR, BASE, "abstract/Elephants_5640x3172.jpg"))) return;
  mkdirSync(CACHE, { recursive: true });
  for (const f of readdirSync(CACHE)) if (f.endsWith(".deb")) rmSync(path.join(CACHE, f));
  execFileSync("apt-get", ["download", "mate-backgrounds"], { cwd: CACHE, stdio: "pipe", timeout: 120_000 });
  const deb = readdirSync(CACHE).find((f) => f.startsWith("mate-backgrounds") && f.endsWith(".deb"));
  if (!deb) throw new Error("apt-get download mate-backgrounds produced no .deb");
  execFileSync("dpkg-deb", ["-x", path.join(CACHE, deb), PKG_DIR], { stdio: "pipe", timeout: 120_000 });
  rmSync(path.join(CACHE, deb)); // the extracted photos are the cache; the 46 MB package is not needed again
}

/** The 20 photos as distinct files in one folder (repeats get new names, same bytes). */
export function benchPhotos(count = 20): Photo[] {
  fetchPackage();
  const natureDir = path.join(PKG_DIR, BASE, "nature");
  const nature = readdirSync(natureDir)
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort()
    .map((f) => path.join(natureDir, f));
  if (nature.length === 0) throw new Error(`no nature photos in ${natureDir}`);
  // Largest first, so the repeats lean to the heavy side rather than the light one.
  nature.sort((a, b) => statSync(b).size - statSync(a).size);
  const out = path.join(CACHE, "set");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const photos: Photo[] = [];
  const add = (src: string, name: string) => {
    const dest = path.join(out, name);
    copyFileSync(src, dest);
    photos.push({ path: dest, name, bytes: statSync(dest).size });
  };
  for (let i = 0; i < count - 1; i++) {
    const src = nature[i % nature.length]!;
    const base = path.basename(src, path.extname(src));
    add(src, i < nature.length ? `${base}.jpg` : `${base}-copy${Math.floor(i / nature.length)}.jpg`);
  }
  add(path.join(PKG_DIR, BASE, "abstract/Elephants_5640x3172.jpg"), "Elephants_5640x3172.jpg");
  return photos;
}
