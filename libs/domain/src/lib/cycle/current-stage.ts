import { referenceData } from '../reference-data';
import type { CycleType, GspStage, LocalDate } from './cycle-types';

/**
 * How the current stage of a cycle type follows from its recorded GSP stages, derived from the
 * reference data (cycle-types.v1.json): the read model's SQL builds its stage filter from
 * these rules, so that the list filter and the documents compute the same stage.
 */
export interface CurrentStageRule {
  cycleType: CycleType;
  /** The current stage while none of the markers is recorded: the type's first stage. */
  initialStage: string;
  /**
   * Latest first (the reverse of the stages' order): the first marker found recorded gives
   * the current stage, the stage after the one it ends (the last stage for the last one).
   */
  markers: ReadonlyArray<{ gspStage: GspStage; currentStage: string }>;
}

function ruleOf(cycleType: CycleType, stages: ReadonlyArray<{ code: string; gspStage?: GspStage }>) {
  const markers: Array<{ gspStage: GspStage; currentStage: string }> = [];
  stages.forEach((stage, index) => {
    if (stage.gspStage === undefined) return;
    const next = stages[Math.min(index + 1, stages.length - 1)];
    markers.unshift({ gspStage: stage.gspStage, currentStage: next.code });
  });
  return { cycleType, initialStage: stages[0].code, markers };
}

/**
 * One rule per cycle type whose stages carry `gspStage` markers (GSP+ monitoring and EBA
 * enhanced engagement). The other types (the dialogues, the withdrawal procedure, the
 * election observation follow-up) have none: no recorded event marks the end of their
 * stages, so their current stage is not known from the cycle's events.
 */
export const currentStageRules: readonly CurrentStageRule[] = Object.freeze(
  referenceData.cycleTypes.cycleTypes
    .filter((type) => type.stages.length > 0 && type.stages.some((stage) => stage.gspStage !== undefined))
    .map((type) => Object.freeze(ruleOf(type.code, type.stages))),
);

/** Every stage code a cycle can be in by `currentStage` (each once), in the order of the reference data. */
export const currentStageCodes: readonly string[] = Object.freeze([
  ...new Set(
    referenceData.cycleTypes.cycleTypes
      .filter((type) => currentStageRules.some((rule) => rule.cycleType === type.code))
      .flatMap((type) => type.stages.map((stage) => stage.code)),
  ),
]);

/**
 * The code of the cycle's current stage, from the stages of its type in the reference data:
 * the stage after the last one (in the stages' order) whose `gspStage` marker is recorded;
 * the first stage when none is recorded; the last stage once its own marker is recorded.
 * Null for a cycle type without markers (see `currentStageRules`) or an unknown one: the
 * stages of dialogues, withdrawal procedures and election follow-ups are not marked by
 * recorded events, so the events do not say which one the cycle is in.
 */
export function currentStage(
  cycleType: string,
  recorded: Readonly<Partial<Record<GspStage, LocalDate>>>,
): string | null {
  const rule = currentStageRules.find((r) => r.cycleType === cycleType);
  if (!rule) return null;
  const latest = rule.markers.find((marker) => recorded[marker.gspStage] !== undefined);
  return latest ? latest.currentStage : rule.initialStage;
}
