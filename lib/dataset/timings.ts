/**
 * The studio's own timings, as User Timing measures (`performance.getEntriesByName`): what
 * `scripts/bench` reads. Nothing is put on `window`.
 */

/** Every image of a drop processed: from the first image queued to the last result applied. */
export const PROCESS_MEASURE = "dataset:process";
/** The training ZIP built in the worker; its `detail` is a `ZipMeasureDetail`. */
export const ZIP_MEASURE = "dataset:zip";

export interface ZipMeasureDetail {
  zipBytes: number;
  originalBytes: number;
}

export function measureProcessing(start: number): void {
  performance.measure(PROCESS_MEASURE, { start, end: performance.now() });
}

export function measureZip(start: number, detail: ZipMeasureDetail): void {
  performance.measure(ZIP_MEASURE, { start, end: performance.now(), detail });
}
