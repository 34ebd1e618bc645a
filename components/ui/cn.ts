import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Join class names and let a later Tailwind class win over an earlier one (`px-2` then `px-3` → `px-3`). */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
