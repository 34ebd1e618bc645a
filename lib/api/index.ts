export * from "./errors";
export * from "./text-limits";
export * from "./types";
