"use client";

import { useId } from "react";
import { Select } from "@/components/ui/select";
import type { Finetune, LoraFinetune } from "@/lib/api/types";
import { ENDPOINT_INFO, INFERENCE_ENDPOINTS } from "@/lib/bfl";
import type { GenerationFilter } from "@/lib/queries/generations";

const FIELD = "mt-1 w-full";

/** Search, finetune, endpoint and favourites: the gallery's filters (kept in the URL by the parent). */
export function GalleryFilters({
  value,
  search,
  onSearch,
  onChange,
  finetunes,
  loras = [],
}: {
  value: GenerationFilter;
  /** The search box's text (applied to `value.q` as the person types). */
  search: string;
  onSearch: (text: string) => void;
  onChange: (next: GenerationFilter) => void;
  finetunes: Finetune[];
  /** FLUX.2 [klein] LoRAs, listed by name. */
  loras?: LoraFinetune[];
}) {
  const searchId = useId();
  const ftId = useId();
  const epId = useId();
  return (
    <search
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
      aria-label="Filter the gallery"
    >
      <div>
        <label htmlFor={searchId} className="block text-sm font-medium">
          Search prompts
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder="Words in the prompt or the finetune's name"
          maxLength={200}
          className={FIELD}
          data-testid="gallery-search"
        />
      </div>
      <div>
        <label htmlFor={ftId} className="block text-sm font-medium">
          Finetune
        </label>
        <Select
          id={ftId}
          value={value.finetune_id ?? ""}
          onChange={(e) => onChange({ ...value, finetune_id: e.target.value || undefined })}
          className={FIELD}
          data-testid="filter-finetune"
          options={[
            ...loras.map((l) => ({ value: l.id, label: `${l.id} · LoRA` })),
            ...finetunes.map((f) => ({ value: f.id, label: `${f.finetune_comment} · ${f.trigger_word}` })),
          ]}
        >
          <option value="">All finetunes</option>
        </Select>
      </div>
      <div>
        <label htmlFor={epId} className="block text-sm font-medium">
          Endpoint
        </label>
        <Select
          id={epId}
          value={value.endpoint ?? ""}
          onChange={(e) => onChange({ ...value, endpoint: e.target.value || undefined })}
          className={FIELD}
          data-testid="filter-endpoint"
          options={INFERENCE_ENDPOINTS.map((e) => ({ value: e, label: ENDPOINT_INFO[e].label }))}
        >
          <option value="">All endpoints</option>
        </Select>
      </div>
      <label className="flex items-center gap-2 pb-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={Boolean(value.favourites)}
          onChange={(e) => onChange({ ...value, favourites: e.target.checked || undefined })}
          data-testid="filter-favourites"
        />
        Favourites only
      </label>
    </search>
  );
}
