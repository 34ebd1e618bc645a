import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./fetcher";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Status lists are polled while work runs; a short staleTime avoids refetch storms on focus.
        staleTime: 2_000,
        // A 4xx answers the same on retry; network errors and 5xx get two more chances.
        retry: (count, error) => !(error instanceof ApiError && error.isClientError) && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: {
        // Never retry a mutation blindly: creating a finetune or an image costs credits.
        retry: false,
      },
    },
  });
}
