import Link from "next/link";
import type { Finetune } from "@/lib/api/types";
import { playgroundBlockReason } from "@/lib/finetunes/actions";

const BOX = "mb-3 rounded-md border p-3 text-sm";
const WARN = `${BOX} border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`;

const otherRegion = (r: Finetune["region"]) => (r === "us1" ? "eu1" : "us1");

function RegionFix({ region }: { region: Finetune["region"] }) {
  return (
    <>
      BFL runs a finetune only in the region it was trained in ({region}); this dashboard is set to{" "}
      {otherRegion(region)}, where BFL would answer &quot;not found&quot;. To use it, set{" "}
      <code className="font-mono">BFL_REGION={region}</code> in the dashboard&apos;s environment and restart
      the dashboard.
    </>
  );
}

/**
 * Why the finetune a link asked for (`?finetune=`) is not offered, and which Ready finetunes of the
 * other region are left out of the picker: the playground says so instead of silently picking another.
 */
export function UnusableFinetuneNotice({
  finetunes,
  loraIds,
  requestedId,
}: {
  finetunes: Finetune[] | undefined;
  /** LoRAs are listed apart; a link to one is not "missing". */
  loraIds: readonly string[];
  requestedId?: string;
}) {
  if (!finetunes) return null;
  const requested = requestedId ? finetunes.find((f) => f.id === requestedId) : undefined;
  const reason = requested ? playgroundBlockReason(requested) : null;
  const hidden = finetunes.filter((f) => f.region_mismatch && f.status === "Ready" && f !== requested);
  const hiddenRegion = hidden[0]?.region;

  return (
    <>
      {requestedId && !requested && !loraIds.includes(requestedId) ? (
        <p role="alert" className={WARN} data-testid="requested-finetune-missing">
          The finetune in the link is not in this account&apos;s list (it may have been deleted).{" "}
          <Link href="/finetunes" className="font-semibold underline">
            See all finetunes
          </Link>
          .
        </p>
      ) : null}
      {requested && reason ? (
        <div role="alert" className={WARN} data-testid="requested-finetune-blocked">
          <p className="font-semibold">
            &ldquo;{requested.finetune_comment || "Untitled finetune"}&rdquo; cannot be used here. {reason}
          </p>
          {requested.region_mismatch ? (
            <p className="mt-1">
              <RegionFix region={requested.region} />
            </p>
          ) : null}
          <Link
            href={`/finetunes/${encodeURIComponent(requested.id)}`}
            className="mt-1 inline-block font-semibold underline"
          >
            Open its details
          </Link>
        </div>
      ) : null}
      {hiddenRegion ? (
        <p role="note" className={WARN} data-testid="other-region-hidden">
          {hidden.length === 1 ? "1 Ready finetune" : `${hidden.length} Ready finetunes`} from another region{" "}
          {hidden.length === 1 ? "is" : "are"} not listed. <RegionFix region={hiddenRegion} />
        </p>
      ) : null}
    </>
  );
}
