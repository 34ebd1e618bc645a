/**
 * Reading a byte stream without trusting its size: counted as it arrives and abandoned (the stream
 * cancelled, the rest never read) once past the cap. Isomorphic: BFL answers on the server, ZIP entries
 * being inflated on both sides.
 */

export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** All bytes of `source`, or the error `overCap()` as soon as it yields more than `maxBytes`. */
export async function readCapped(
  source: ByteSource,
  maxBytes: number,
  overCap: () => Error,
): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunksOf(source)) {
    total += chunk.byteLength;
    if (total > maxBytes) throw overCap();
    parts.push(chunk);
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return out;
}
