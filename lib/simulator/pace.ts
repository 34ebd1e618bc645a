import type { TrainingPace } from "../finetunes/pace";
import { PRIORITY_FACTOR, type SimulatorConfig } from "./config";
import { sendJson } from "./http";
import type { Handler } from "./router";

/**
 * `GET /_simulator/pace`: how long this simulator's trainings take, in the dashboard's own shape, so the
 * first progress estimate is right without any history (the same formula as `trainingDurationMs`).
 */
export function simulatorPace(cfg: Pick<SimulatorConfig, "trainingSeconds">): TrainingPace {
  const perQuality = cfg.trainingSeconds / 300;
  return {
    source: "simulator",
    overhead_seconds: 0,
    seconds_per_iteration: {
      speed: perQuality * PRIORITY_FACTOR.speed,
      quality: perQuality * PRIORITY_FACTOR.quality,
      high_res_only: perQuality * PRIORITY_FACTOR.high_res_only,
    },
  };
}

export const paceRoute: Handler = ({ res, sim }) => sendJson(res, 200, simulatorPace(sim.cfg));
