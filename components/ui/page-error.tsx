"use client";

import { Alert } from "./alert";
import { buttonStyles } from "./button-styles";

/** A route segment's render error: plain words and a retry, never a stack trace. */
export function PageError({
  title,
  reassurance,
  reset,
}: {
  title: string;
  reassurance: string;
  reset: () => void;
}) {
  return (
    <Alert>
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="text-sm">Something went wrong while drawing this page. {reassurance}</p>
      <button type="button" onClick={reset} className={`mt-2 ${buttonStyles.secondary}`}>
        Try again
      </button>
    </Alert>
  );
}
