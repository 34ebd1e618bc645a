/**
 * A tiny toast store outside React, so any client code can call `toast()` without a provider and one
 * `<Toaster />` in the layout shows them on every page.
 */
export type ToastTone = "info" | "success" | "error";

export interface ToastItem {
  id: number;
  title: string;
  body?: string;
  tone: ToastTone;
  /** Optional link shown in the toast. */
  action?: { label: string; href: string };
}

type Listener = () => void;

const AUTO_CLOSE_MS = 8_000;
let items: readonly ToastItem[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit() {
  for (const l of listeners) l();
}

export function toast(input: Omit<ToastItem, "id" | "tone"> & { tone?: ToastTone }): number {
  const id = nextId++;
  items = [...items, { tone: "info", ...input, id }];
  timers.set(
    id,
    setTimeout(() => dismissToast(id), AUTO_CLOSE_MS),
  );
  emit();
  return id;
}

export function dismissToast(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  items = items.filter((t) => t.id !== id);
  emit();
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getToasts(): readonly ToastItem[] {
  return items;
}

const NONE: readonly ToastItem[] = [];
export function getServerToasts(): readonly ToastItem[] {
  return NONE;
}
