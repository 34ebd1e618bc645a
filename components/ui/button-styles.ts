import { cva, type VariantProps } from "class-variance-authority";

/** Shared button looks for <button> and <a>, so links that act like buttons look the same. */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50",
  {
    variants: {
      variant: {
        primary: "bg-brand-600 text-white hover:bg-brand-700",
        secondary:
          "border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
        danger: "bg-red-600 text-white hover:bg-red-700",
        ghost: "text-zinc-700 hover:bg-zinc-200 dark:text-zinc-200 dark:hover:bg-zinc-800",
      },
    },
    defaultVariants: { variant: "primary" },
  },
);

export type ButtonVariant = NonNullable<VariantProps<typeof buttonVariants>["variant"]>;

/** The variants as ready strings, for `className={buttonStyles.primary}`. */
export const buttonStyles: Record<ButtonVariant, string> = {
  primary: buttonVariants({ variant: "primary" }),
  secondary: buttonVariants({ variant: "secondary" }),
  danger: buttonVariants({ variant: "danger" }),
  ghost: buttonVariants({ variant: "ghost" }),
};
