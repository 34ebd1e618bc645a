"use client";

import { useId, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { describePromptFile } from "@/lib/judge/prompt-file";
import { useImportPrompts } from "@/lib/queries/prompts";

/** Import a prompt export: the file is checked here first so a wrong file gets a specific message. */
export function PromptImport() {
  const inputId = useId();
  const importer = useImportPrompts();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div>
      <label htmlFor={inputId} className={`${buttonStyles.secondary} cursor-pointer focus-within:ring-2`}>
        Import JSON…
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="import-prompts"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (!file) return;
            const parsed = describePromptFile(file.name, await file.text());
            if (!parsed.ok) return setMessage({ ok: false, text: parsed.error });
            importer.mutate(parsed.file, {
              onSuccess: (r) =>
                setMessage({
                  ok: true,
                  text: `Imported ${r.imported} prompt${r.imported === 1 ? "" : "s"}${
                    r.skipped_duplicates ? `; ${r.skipped_duplicates} already in the library` : ""
                  }.`,
                }),
              onError: (err) => setMessage({ ok: false, text: err.message }),
            });
          }}
        />
      </label>
      {message && (
        <p
          role={message.ok ? "status" : "alert"}
          data-testid="import-result"
          className={`mt-1 text-sm ${message.ok ? "" : "text-red-700 dark:text-red-300"}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
