import { AppError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Any other `/api/*` path (including ones that decode to `../`): a JSON 404, like every API error. */
const unknown = route({ auth: "public" }, async () => {
  throw new AppError("not_found", "There is no such API route.");
});

export const GET = unknown;
export const POST = unknown;
export const PUT = unknown;
export const PATCH = unknown;
export const DELETE = unknown;
