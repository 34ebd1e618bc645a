"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type CompareCell, type CompareEndpoint, newComparisonId, queueCells } from "@/lib/judge/compare";
import { generationKeys, useCreateGeneration } from "@/lib/queries/generations";

/**
 * Queue every image of a comparison under one new comparison id: each row's first image in order (so
 * the grid's rows keep the order chosen), then the rest together. The server's queue holds what BFL's 24-task limit does not take yet. Never retried:
 * images cost credits; a failure stops here and the images already queued stay in the comparison.
 */
export function useRunComparison() {
  const client = useQueryClient();
  const create = useCreateGeneration();
  return useMutation({
    mutationFn: async (input: { cells: CompareCell[]; endpoint: CompareEndpoint; seed: number }) => {
      const id = newComparisonId(input.cells.length);
      await queueCells(input.cells, (cell) =>
        create.mutateAsync({
          ...cell,
          endpoint: cell.endpoint ?? input.endpoint,
          seed: input.seed,
          sweep_id: id,
        }),
      );
      return id;
    },
    onSettled: () => client.invalidateQueries({ queryKey: generationKeys.all }),
  });
}
