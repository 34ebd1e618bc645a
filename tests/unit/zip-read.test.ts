import { describe, expect, it } from "vitest";
import { readZipDirectory, ZipReadError, zipEntryReader } from "@/lib/bfl";
import { crc32 } from "@/lib/bfl/zip-read";
import { planZipImport } from "@/lib/dataset/zip-import";
import { inspectDatasetZip } from "@/lib/node/inspect-zip";
import { rawZip } from "../fixtures/hostile/raw-zip";
import { makeJpeg } from "../fixtures/images";
import { deflatedZeros, makeZip } from "../fixtures/zips";

/**
 * ZIP entries are unpacked within the size the directory claims (the real byte count is enforced while
 * inflating), on the same code the browser worker runs. CPU time is measured with process.cpuUsage.
 */

const MB = 1024 * 1024;
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

describe("zipEntryReader", () => {
  it("reads stored and deflated entries of a real ZIP byte for byte", async () => {
    const jpeg = await makeJpeg(64, 48, 3);
    const text = "a photo of TOK ".repeat(200);
    for (const compression of ["STORE", "DEFLATE"] as const) {
      const zip = await makeZip({ "a.jpg": jpeg, "a.txt": text, "dir/": "" }, { compression });
      const entries = readZipDirectory(zip);
      const read = zipEntryReader(zip, entries);
      const byName = new Map(entries.map((e) => [e.name, e]));
      expect(Buffer.from(await read(byName.get("a.jpg")!)).equals(Buffer.from(jpeg))).toBe(true);
      expect(new TextDecoder().decode(await read(byName.get("a.txt")!))).toBe(text);
    }
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("a 1 MB entry that claims 100 kB but inflates to 1 GB is refused after about 100 kB, in well under a second of CPU", async () => {
    const zip = rawZip([{ name: "a.jpg", data: deflatedZeros(1024), deflatedSize: 100_000 }]);
    expect(zip.length).toBeLessThan(1.1 * MB);
    const start = process.cpuUsage();
    const r = await inspectDatasetZip(zip);
    const used = cpuMs(start);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        code: "zip_bomb",
        file: "a.jpg",
        message:
          "The ZIP was refused: a.jpg unpacks to more than the 100000 bytes the ZIP directory says (a ZIP that lies about its sizes).",
      }),
    );
    expect(used).toBeLessThan(1_000);
    console.log(`lying 1 GB entry refused after ${used.toFixed(0)} ms of CPU`);
  });

  it("a 400 kB ZIP whose entries share one stream to unpack to 1 GB is refused without inflating", async () => {
    const stream = deflatedZeros(342);
    const honest = rawZip([
      { name: "a.jpg", data: stream, deflatedSize: 342 * MB },
      { name: "b.jpg", data: stream, deflatedSize: 342 * MB, sameDataAs: 0 },
      { name: "c.jpg", data: stream, deflatedSize: 342 * MB, sameDataAs: 0 },
    ]);
    const lying = rawZip([
      { name: "a.jpg", data: stream, deflatedSize: 60_000 },
      { name: "b.jpg", data: stream, deflatedSize: 60_000, sameDataAs: 0 },
      { name: "c.jpg", data: stream, deflatedSize: 60_000, sameDataAs: 0 },
    ]);
    expect(lying.length).toBeLessThan(400 * 1024);
    const start = process.cpuUsage();
    const a = await inspectDatasetZip(honest);
    const b = await inspectDatasetZip(lying);
    const used = cpuMs(start);
    expect(a.problems.map((p) => p.code)).toContain("zip_bomb");
    expect(b.problems).toContainEqual(
      expect.objectContaining({
        code: "zip_bomb",
        message: expect.stringMatching(/a\.jpg and b\.jpg share the same bytes/),
      }),
    );
    expect(used).toBeLessThan(1_000);
  });

  it("an entry that unpacks to less than it claims, or with a wrong CRC, is refused with its name", async () => {
    const small = deflatedZeros(1);
    const short = rawZip([{ name: "a.txt", data: small, deflatedSize: 2 * MB }]);
    const read = zipEntryReader(short, readZipDirectory(short));
    await expect(read(readZipDirectory(short)[0]!)).rejects.toThrow(
      /a\.txt unpacks to 1048576 bytes, not the 2097152 the ZIP directory says/,
    );
    const badCrc = rawZip([{ name: "a.txt", data: small, deflatedSize: MB, crc: 1234 }]);
    const r = zipEntryReader(badCrc, readZipDirectory(badCrc));
    const err = await r(readZipDirectory(badCrc)[0]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipReadError);
    expect((err as ZipReadError).crafted).toBe(false);
    expect((err as ZipReadError).message).toBe("a.txt is damaged (its checksum does not match)");
  });

  it("an entry that claims more compressed bytes than the file holds is refused before reading", () => {
    const zip = rawZip([{ name: "a.jpg", data: deflatedZeros(1), deflatedSize: MB }]);
    const view = new DataView(zip.buffer, zip.byteOffset);
    const cd = view.getUint32(zip.length - 22 + 16, true);
    view.setUint32(cd + 20, 50 * MB, true);
    expect(() => zipEntryReader(zip, readZipDirectory(zip))).toThrow(
      "a.jpg claims more compressed bytes than the file holds",
    );
  });

  it("the browser's plan carries the directory the worker reads with", async () => {
    const zip = await makeZip({ "a.jpg": await makeJpeg(32, 32, 1) });
    const plan = planZipImport("set.zip", zip);
    expect(plan.ok && plan.entries.map((e) => e.name)).toEqual(["a.jpg"]);
  });
});
