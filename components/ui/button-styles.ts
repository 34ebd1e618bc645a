/** Shared button looks for <button> and <a>, so links that act like buttons look the same. */
const BASE =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50";

export const buttonStyles = {
  primary: `${BASE} bg-brand-600 text-white hover:bg-brand-700`,
  secondary: `${BASE} border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
  danger: `${BASE} bg-red-600 text-white hover:bg-red-700`,
  ghost: `${BASE} text-zinc-700 hover:bg-zinc-200 dark:text-zinc-200 dark:hover:bg-zinc-800`,
} as const;

export type ButtonVariant = keyof typeof buttonStyles;
