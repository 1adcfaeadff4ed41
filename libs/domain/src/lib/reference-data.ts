/**
 * Versioned reference data (cycle types, EU Action Plan taxonomy, GSP+ conventions, UN
 * mechanisms, regional bodies). The lists change with new regulations and action plans, so
 * they live in JSON files (bundled by webpack into the workflow sandbox), not in code.
 */
import actionPlanTaxonomyJson from '../reference-data/action-plan-taxonomy.v1.json';
import cycleTypesJson from '../reference-data/cycle-types.v1.json';
import gspConventionsJson from '../reference-data/gsp-conventions.v1.json';
import regionalBodiesJson from '../reference-data/regional-bodies.v1.json';
import unMechanismsJson from '../reference-data/un-mechanisms.v1.json';
import type { CycleType, GspStage, ReminderPolicy, UnMechanismKind } from './cycle/cycle-types';

export interface Labels {
  en: string;
  fr: string;
}

export interface CycleStageDefinition {
  code: string;
  labels: Labels;
  /** The GSP stage whose recording marks the end of this stage, for GSP+ and EBA cycles. */
  gspStage?: GspStage;
}

export interface CycleTypeDefinition {
  code: CycleType;
  labels: Labels;
  stages: CycleStageDefinition[];
  /** Why the default policy is what it is (kept next to the data it explains). */
  reminderPolicyRationale: string;
  defaultReminderPolicy: ReminderPolicy;
}

export interface ThemeDefinition {
  code: string;
  labels: Labels;
}

export interface PillarDefinition extends ThemeDefinition {
  themes: ThemeDefinition[];
}

export type ConventionGroup = 'human-rights' | 'labour' | 'environment' | 'good-governance';

export interface ConventionDefinition {
  id: string;
  group: ConventionGroup;
  year: number;
  labels: Labels;
}

export interface UnMechanismDefinition {
  code: UnMechanismKind;
  labels: Labels;
  note: string;
}

export interface RegionalBodyDefinition {
  code: string;
  labels: Labels;
}

type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export interface ReferenceData {
  cycleTypes: { version: number; cycleTypes: CycleTypeDefinition[] };
  actionPlanTaxonomy: { version: number; source: string; pillars: PillarDefinition[] };
  gspConventions: { version: number; source: string; conventions: ConventionDefinition[] };
  unMechanisms: { version: number; mechanisms: UnMechanismDefinition[] };
  regionalBodies: { version: number; note: string; regionalBodies: RegionalBodyDefinition[] };
}

// Frozen so that no caller can alter the shared module objects (they are singletons in the bundle).
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** All reference data, read-only. Its shape is checked by reference-data.spec.ts. */
export const referenceData: DeepReadonly<ReferenceData> = deepFreeze({
  cycleTypes: cycleTypesJson as ReferenceData['cycleTypes'],
  actionPlanTaxonomy: actionPlanTaxonomyJson as ReferenceData['actionPlanTaxonomy'],
  gspConventions: gspConventionsJson as ReferenceData['gspConventions'],
  unMechanisms: unMechanismsJson as ReferenceData['unMechanisms'],
  regionalBodies: regionalBodiesJson as ReferenceData['regionalBodies'],
});

const themeCodes = new Set(
  referenceData.actionPlanTaxonomy.pillars.flatMap((pillar) => [pillar.code, ...pillar.themes.map((t) => t.code)]),
);
const conventionIds = new Set(referenceData.gspConventions.conventions.map((c) => c.id));
const regionalBodyCodes = new Set(referenceData.regionalBodies.regionalBodies.map((b) => b.code));

/** A pillar ("I") or a sub-code ("I.C") of the EU Action Plan taxonomy. */
export function isThemeCode(code: unknown): code is string {
  return typeof code === 'string' && themeCodes.has(code);
}

export function isConventionId(id: unknown): id is string {
  return typeof id === 'string' && conventionIds.has(id);
}

export function isRegionalBodyCode(code: unknown): code is string {
  return typeof code === 'string' && regionalBodyCodes.has(code);
}

export function themeDefinition(code: string): DeepReadonly<ThemeDefinition> | undefined {
  for (const pillar of referenceData.actionPlanTaxonomy.pillars) {
    if (pillar.code === code) return pillar;
    const theme = pillar.themes.find((t) => t.code === code);
    if (theme) return theme;
  }
  return undefined;
}

export function conventionDefinition(id: string): DeepReadonly<ConventionDefinition> | undefined {
  return referenceData.gspConventions.conventions.find((c) => c.id === id);
}

export function cycleTypeDefinition(type: CycleType): DeepReadonly<CycleTypeDefinition>;
export function cycleTypeDefinition(type: string): DeepReadonly<CycleTypeDefinition> | undefined;
export function cycleTypeDefinition(type: string): DeepReadonly<CycleTypeDefinition> | undefined {
  return referenceData.cycleTypes.cycleTypes.find((t) => t.code === type);
}

/** A fresh, mutable copy of the cycle type's default policy (safe to put into state). */
export function defaultReminderPolicy(type: CycleType): ReminderPolicy {
  const definition = cycleTypeDefinition(type);
  if (!definition) throw new RangeError(`Unknown cycle type "${type}"`);
  const policy = definition.defaultReminderPolicy;
  return {
    beforeDeadline: policy.beforeDeadline.map((step) => ({ ...step })),
    onDeadline: policy.onDeadline ? { ...policy.onDeadline } : null,
    escalations: policy.escalations.map((step) => ({ ...step })),
    localTime: policy.localTime,
  };
}
