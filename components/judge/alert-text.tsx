/** A failed action's message, announced to screen readers; renders nothing without one. */
export function AlertText({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid={testId}>
      {message}
    </p>
  );
}
