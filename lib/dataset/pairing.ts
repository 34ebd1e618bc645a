import { classifyName } from "@/lib/bfl/dataset";
import type { DatasetItem, DatasetState, OrphanCaption, ProcessedImage, Rejection } from "./types";

/**
 * Pure state transitions of the dataset: adding images and captions (paired by file stem, in either
 * order), processing results, caption edits, removal. The studio's reducer calls these.
 */

export interface IncomingImage {
  id: string;
  name: string;
  stem: string;
  origBytes: number;
}

export interface IncomingCaption {
  name: string;
  stem: string;
  text: string;
}

/** Add images; a waiting caption with the same stem pairs up; a second image with a taken name is refused. */
export function addImages(
  state: DatasetState,
  incoming: readonly IncomingImage[],
): { state: DatasetState; accepted: IncomingImage[] } {
  const taken = new Map(state.items.map((i) => [i.stem, i.name]));
  const orphans = new Map(state.orphans.map((o) => [o.stem, o]));
  const items = [...state.items];
  const rejections = [...state.rejections];
  const accepted: IncomingImage[] = [];
  for (const img of incoming) {
    const other = taken.get(img.stem);
    if (other !== undefined) {
      rejections.push({
        id: img.id,
        name: img.name,
        reason: `an image named "${other}" is already in the dataset; captions pair by name, so names must be unique (remove or rename one)`,
      });
      continue;
    }
    taken.set(img.stem, img.name);
    const orphan = orphans.get(img.stem);
    orphans.delete(img.stem);
    items.push({ ...img, status: "processing", caption: orphan ? orphan.text : null });
    accepted.push(img);
  }
  return { state: { items, orphans: [...orphans.values()], rejections }, accepted };
}

/** Add captions: to their image when it is here, otherwise kept waiting for it. */
export function addCaptions(state: DatasetState, incoming: readonly IncomingCaption[]): DatasetState {
  const byStem = new Map(incoming.map((c) => [c.stem, c]));
  const items = state.items.map((item) => {
    const c = byStem.get(item.stem);
    if (!c) return item;
    byStem.delete(item.stem);
    return { ...item, caption: c.text };
  });
  const orphans = new Map(state.orphans.map((o) => [o.stem, o]));
  for (const c of byStem.values()) orphans.set(c.stem, { stem: c.stem, name: c.name, text: c.text });
  return { ...state, items, orphans: [...orphans.values()] };
}

export function addRejections(state: DatasetState, rejections: readonly Rejection[]): DatasetState {
  return { ...state, rejections: [...state.rejections, ...rejections] };
}

export function markProcessed(state: DatasetState, id: string, processed: ProcessedImage): DatasetState {
  return {
    ...state,
    items: state.items.map((i) => (i.id === id ? { ...i, status: "ready", processed } : i)),
  };
}

/** An image that would not decode leaves the grid; its caption waits as an orphan for a good copy. */
export function markFailed(state: DatasetState, id: string, reason: string): DatasetState {
  const item = state.items.find((i) => i.id === id);
  if (!item) return state;
  const orphans: OrphanCaption[] = item.caption
    ? [...state.orphans, { stem: item.stem, name: `${item.stem}.txt`, text: item.caption }]
    : state.orphans;
  return {
    items: state.items.filter((i) => i.id !== id),
    orphans,
    rejections: [...state.rejections, { id, name: item.name, reason }],
  };
}

export function setCaptions(
  state: DatasetState,
  updates: readonly { id: string; caption: string | null }[],
): DatasetState {
  const map = new Map(updates.map((u) => [u.id, u.caption]));
  return {
    ...state,
    items: state.items.map((i) => (map.has(i.id) ? { ...i, caption: map.get(i.id) ?? null } : i)),
  };
}

export function removeItem(state: DatasetState, id: string): DatasetState {
  return { ...state, items: state.items.filter((i) => i.id !== id) };
}

/**
 * Swap the picture of an image slot, keeping its caption; it takes the new file's name unless another image
 * already has that name (captions pair by name), in which case it keeps its own.
 */
export function replaceItem(
  state: DatasetState,
  id: string,
  file: { name: string; size: number },
): DatasetState {
  const { name } = file;
  const { stem } = classifyName(name);
  const taken = state.items.some((i) => i.id !== id && i.stem === stem);
  return {
    ...state,
    items: state.items.map((i) =>
      i.id === id
        ? ({
            ...i,
            ...(taken ? {} : { name, stem }),
            origBytes: file.size,
            status: "processing",
            processed: undefined,
          } as DatasetItem)
        : i,
    ),
  };
}

export function removeOrphan(state: DatasetState, stem: string): DatasetState {
  return { ...state, orphans: state.orphans.filter((o) => o.stem !== stem) };
}

export function dismissRejection(state: DatasetState, id: string): DatasetState {
  return { ...state, rejections: state.rejections.filter((r) => r.id !== id) };
}
