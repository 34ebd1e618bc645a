"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Generation } from "@/lib/api/types";
import type { ImageField, InferenceEndpoint } from "@/lib/bfl";
import { endpointOptions, fitEndpoint, playgroundChoices } from "@/lib/playground/choices";
import type { FieldValue } from "@/lib/playground/form-model";
import { submitProblem } from "@/lib/playground/messages";
import {
  applyPersisted,
  PLAYGROUND_STORAGE_KEY,
  parsePersisted,
  toPersisted,
} from "@/lib/playground/persist";
import { newSweepId, type Run, runKey, type Sweep } from "@/lib/playground/runs";
import {
  buildRequest,
  defaultSettings,
  formProblems,
  type ImageInput,
  type ImageInputs,
  type PlaygroundSettings,
  randomSeed,
  requestProblem,
  settingsFromGeneration,
  switchEndpoint,
} from "@/lib/playground/settings";
import { sweepCost } from "@/lib/playground/sweep";
import { ApiError } from "@/lib/queries/fetcher";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import { generationDetailOptions, useCreateGeneration } from "@/lib/queries/generations";
import { serviceStateOptions } from "@/lib/queries/health";

/** All playground state and actions; the components only render it. */
export function usePlayground({
  initialFinetuneId,
  fromId,
}: {
  initialFinetuneId?: string;
  fromId?: string;
}) {
  const create = useCreateGeneration();
  const [settings, setSettings] = useState<PlaygroundSettings>(() => defaultSettings());
  const [images, setImages] = useState<ImageInputs>({});
  const [runs, setRuns] = useState<Run[]>([]);
  const [sweeps, setSweeps] = useState<Sweep[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const finetunesQuery = useQuery(finetuneListResponseOptions());
  const upstreamError = finetunesQuery.data?.upstream_error?.message ?? null;
  const service = useQuery(serviceStateOptions());
  const ready = useMemo(
    () => playgroundChoices(finetunesQuery.data?.finetunes ?? [], finetunesQuery.data?.loras ?? []),
    [finetunesQuery.data],
  );
  const finetune = ready.find((f) => f.id === settings.finetune_id) ?? null;
  const live = service.data?.live ?? false;
  const learned = service.data?.learned;
  const endpoints = useMemo(() => endpointOptions(finetune, { live, learned }), [finetune, live, learned]);

  // A finetune is only sent to an endpoint that can serve it: a klein LoRA to its klein endpoint, a
  // FLUX.1 finetune to an endpoint BFL still serves.
  useEffect(() => {
    if (!finetune) return;
    const fit = fitEndpoint(settings.endpoint, endpoints);
    if (fit && fit !== settings.endpoint) setSettings((s) => switchEndpoint(s, fit));
  }, [finetune, endpoints, settings.endpoint]);

  // Once settings were restored or the user chose, the first Ready finetune is no longer picked for them.
  const autoPick = useRef(true);

  /**
   * Apply settings restored from an earlier image. When its finetune is gone (deleted, or not Ready here)
   * the picker shows no choice and says so: never another finetune, never the gone id sent.
   */
  const restore = useCallback(
    (next: PlaygroundSettings, g: Generation | undefined, message: string) => {
      autoPick.current = false;
      const available = ready.some((f) => f.id === next.finetune_id);
      setSettings(available ? next : { ...next, finetune_id: "" });
      setProblems([]);
      if (available) {
        setNotice(message);
        return;
      }
      const name = g?.finetune_comment ? `“${g.finetune_comment}”` : "of this image";
      setNotice(
        `${message} The finetune ${name} ${g?.finetune_deleted ? "was deleted" : "is not available here"}: choose another finetune before generating.`,
      );
    },
    [ready],
  );

  const from = useQuery({ ...generationDetailOptions(fromId ?? ""), enabled: Boolean(fromId) });
  const restored = useRef(false);
  useEffect(() => {
    if (!from.data || restored.current || finetunesQuery.isPending) return;
    restored.current = true;
    restore(
      settingsFromGeneration(from.data),
      from.data,
      "Settings restored from the gallery. Image inputs are not kept: upload them again if needed.",
    );
  }, [from.data, finetunesQuery.isPending, restore]);

  // Prompt, endpoint and strength survive a reload (not when a gallery image's settings are being opened).
  const loadedSaved = useRef(false);
  useEffect(() => {
    if (loadedSaved.current) return;
    loadedSaved.current = true;
    if (fromId) return;
    const saved = parsePersisted(window.localStorage.getItem(PLAYGROUND_STORAGE_KEY));
    if (saved) setSettings((s) => applyPersisted(s, saved));
  }, [fromId]);
  useEffect(() => {
    if (!loadedSaved.current) return;
    try {
      window.localStorage.setItem(PLAYGROUND_STORAGE_KEY, JSON.stringify(toPersisted(settings)));
    } catch {
      // Storage full or blocked: the form still works, it just is not kept.
    }
  }, [settings]);

  useEffect(() => {
    if (!autoPick.current || settings.finetune_id || ready.length === 0) return;
    if (fromId && !from.isError && !restored.current) return;
    const pick = ready.find((f) => f.id === initialFinetuneId) ?? ready[0]!;
    setSettings((s) => ({ ...s, finetune_id: pick.id }));
  }, [ready, settings.finetune_id, initialFinetuneId, fromId, from.isError]);

  const update = useCallback((patch: Partial<PlaygroundSettings>) => {
    if (patch.finetune_id !== undefined) autoPick.current = false;
    setSettings((s) => ({ ...s, ...patch }));
  }, []);
  const setParam = useCallback(
    (name: string, v: FieldValue) => setSettings((s) => ({ ...s, params: { ...s.params, [name]: v } })),
    [],
  );
  const setEndpoint = useCallback((e: InferenceEndpoint) => setSettings((s) => switchEndpoint(s, e)), []);
  const setImage = useCallback(
    (field: ImageField, img: ImageInput | null) =>
      setImages((prev) => {
        const next = { ...prev };
        if (img) next[field] = img;
        else delete next[field];
        return next;
      }),
    [],
  );

  /** Problems with the form as it is now; an id that is not a Ready finetune here is never sent. */
  const currentProblems = useCallback((): string[] => {
    const found = formProblems(settings, images);
    if (settings.finetune_id && !ready.some((f) => f.id === settings.finetune_id)) {
      found.unshift("The chosen finetune is not available (deleted or not Ready): choose another.");
    }
    return found;
  }, [settings, images, ready]);

  // Shown problems follow the form: each disappears as soon as its input is fixed.
  useEffect(() => {
    setProblems((shown) => {
      if (shown.length === 0) return shown;
      const now = new Set(currentProblems());
      const kept = shown.filter((m) => now.has(m));
      return kept.length === shown.length ? shown : kept;
    });
  }, [currentProblems]);

  /** Validate, fix the seed, and return the snapshot to send (or null with problems shown). */
  function prepare(): PlaygroundSettings | null {
    const found = currentProblems();
    if (found.length) {
      setProblems(found);
      return null;
    }
    const seed = settings.seedLocked && settings.seed !== null ? settings.seed : randomSeed();
    const snapshot = { ...settings, seed };
    const bad = requestProblem(buildRequest(snapshot, images));
    if (bad) {
      setProblems([bad]);
      return null;
    }
    setProblems([]);
    setNotice(null);
    setSettings(snapshot);
    return snapshot;
  }

  async function submit(run: Run, body: Record<string, unknown>, onDone: (r: Run) => void) {
    try {
      const g = await create.mutateAsync(body);
      onDone({ ...run, generationId: g.id });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError("network", "", 0);
      onDone({ ...run, problem: submitProblem({ code: e.code, message: e.message, status: e.status }) });
    }
  }

  function generate() {
    const snapshot = prepare();
    if (!snapshot) return;
    const run: Run = { key: runKey(), settings: snapshot, generationId: null, problem: null };
    setRuns((rs) => [run, ...rs]);
    void submit(run, buildRequest(snapshot, images), (done) =>
      setRuns((rs) => rs.map((r) => (r.key === done.key ? done : r))),
    );
  }

  function runSweep(strengths: number[]) {
    const snapshot = prepare();
    if (!snapshot) return;
    const sweepId = newSweepId();
    const sweepRuns = strengths.map<Run>((s) => ({
      key: runKey(),
      settings: { ...snapshot, finetune_strength: s, seedLocked: true },
      generationId: null,
      problem: null,
    }));
    const cost = sweepCost(snapshot.endpoint, strengths.length);
    setSweeps((ss) => [{ sweepId, settings: snapshot, costText: cost.text, runs: sweepRuns }, ...ss]);
    for (const run of sweepRuns) {
      const body = buildRequest(snapshot, images, {
        finetune_strength: run.settings.finetune_strength,
        seed: snapshot.seed ?? undefined,
        sweep_id: sweepId,
      });
      void submit(run, body, (done) =>
        setSweeps((ss) =>
          ss.map((sw) =>
            sw.sweepId === sweepId
              ? { ...sw, runs: sw.runs.map((r) => (r.key === done.key ? done : r)) }
              : sw,
          ),
        ),
      );
    }
  }

  function applySettingsOf(run: Run, g: Generation | undefined) {
    restore(
      g ? settingsFromGeneration(g) : { ...run.settings, seedLocked: run.settings.seed !== null },
      g,
      `Settings restored (strength ${g?.finetune_strength ?? run.settings.finetune_strength}, seed ${g?.seed ?? run.settings.seed ?? "random"}).`,
    );
  }

  const reuseSeed = (seed: number) => update({ seed, seedLocked: true });

  // Ctrl/Cmd+Enter generates from anywhere on the page.
  const generateRef = useRef(generate);
  generateRef.current = generate;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        generateRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return {
    settings,
    images,
    runs,
    sweeps,
    problems,
    notice,
    finetune,
    ready,
    endpoints,
    live,
    finetunesQuery,
    upstreamError,
    update,
    setParam,
    setEndpoint,
    setImage,
    generate,
    runSweep,
    applySettingsOf,
    reuseSeed,
  };
}

export type PlaygroundState = ReturnType<typeof usePlayground>;
