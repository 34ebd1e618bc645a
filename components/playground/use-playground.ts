"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Generation } from "@/lib/api/types";
import type { ImageField, InferenceEndpoint } from "@/lib/bfl";
import { endpointOptions, fitEndpoint, playgroundChoices } from "@/lib/playground/choices";
import type { FieldValue } from "@/lib/playground/form-model";
import { submitProblem } from "@/lib/playground/messages";
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
import { createGeneration, generationDetailOptions, generationKeys } from "@/lib/queries/generations";
import { serviceStateOptions } from "@/lib/queries/health";

/** All playground state and actions; the components only render it. */
export function usePlayground({
  initialFinetuneId,
  fromId,
}: {
  initialFinetuneId?: string;
  fromId?: string;
}) {
  const qc = useQueryClient();
  const [settings, setSettings] = useState<PlaygroundSettings>(() => defaultSettings());
  const [images, setImages] = useState<ImageInputs>({});
  const [runs, setRuns] = useState<Run[]>([]);
  const [sweeps, setSweeps] = useState<Sweep[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const finetunesQuery = useQuery(finetuneListResponseOptions());
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

  const from = useQuery({ ...generationDetailOptions(fromId ?? ""), enabled: Boolean(fromId) });
  const restored = useRef(false);
  useEffect(() => {
    if (!from.data || restored.current) return;
    restored.current = true;
    setSettings(settingsFromGeneration(from.data));
    setNotice("Settings restored from the gallery. Image inputs are not kept: upload them again if needed.");
  }, [from.data]);

  useEffect(() => {
    if (settings.finetune_id || ready.length === 0 || (fromId && !from.isError && !restored.current)) return;
    const pick = ready.find((f) => f.id === initialFinetuneId) ?? ready[0]!;
    setSettings((s) => ({ ...s, finetune_id: pick.id }));
  }, [ready, settings.finetune_id, initialFinetuneId, fromId, from.isError]);

  const update = useCallback(
    (patch: Partial<PlaygroundSettings>) => setSettings((s) => ({ ...s, ...patch })),
    [],
  );
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

  /** Validate, fix the seed, and return the snapshot to send (or null with problems shown). */
  function prepare(): PlaygroundSettings | null {
    const found = formProblems(settings, images);
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
      const g = await createGeneration(body);
      qc.setQueryData(generationKeys.detail(g.id), g);
      onDone({ ...run, generationId: g.id });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError("network", "", 0);
      onDone({ ...run, problem: submitProblem({ code: e.code, message: e.message, status: e.status }) });
    } finally {
      void qc.invalidateQueries({ queryKey: generationKeys.all, refetchType: "none" });
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
    setSettings(g ? settingsFromGeneration(g) : { ...run.settings, seedLocked: run.settings.seed !== null });
    setProblems([]);
    setNotice(
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
