/** Where an `AttemptLimiter` keeps failure times: in this process, or shared by instances (the database). */
export interface FailureStore {
  /** The failure times of `key` after `since`, oldest first. */
  recent(key: string, since: number): Promise<number[]>;
  /** Record a failure; entries at or before `forgetBefore` (any key) may be dropped. */
  add(key: string, at: number, forgetBefore: number): Promise<void>;
  reset(key: string): Promise<void>;
}
