import { databaseProblem } from "@/lib/server/db";

/** On every page: says plainly when the database cannot be used, and what to do about it. */
export async function StorageAlert() {
  const problem = await databaseProblem();
  if (!problem) return null;
  return (
    <div
      role="alert"
      data-testid="storage-alert"
      className="mx-auto mt-4 max-w-7xl rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-semibold">The dashboard cannot use its data.</p>
      <p>{problem.message}</p>
    </div>
  );
}
