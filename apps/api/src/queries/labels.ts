import type { Request } from 'express';
import {
  conventionDefinition,
  cycleTypeDefinition,
  EVENT_LABELS,
  themeDefinition,
  type ActionPointStatus,
  type CycleStatus,
  type Labels,
} from '@suivi/domain';

/** The languages labels exist in; English is the default. */
export type Language = keyof Labels;
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

/** The language the caller prefers among ours (Accept-Language), English when none fits. */
export function negotiateLanguage(request: Pick<Request, 'acceptsLanguages'>): Language {
  const accepted = request.acceptsLanguages(...LANGUAGES);
  return accepted === 'fr' ? 'fr' : 'en';
}

/** A code with its label in the negotiated language: how every coded value leaves the API. */
export interface Labelled {
  code: string;
  label: string;
}

// The domain's reference data has no labels for statuses and the other closed vocabularies
// of the model: they live here, next to the only code that shows them.
const cycleStatusLabels: Record<CycleStatus, Labels> = {
  ACTIVE: { en: 'Active', fr: 'En cours' },
  CLOSED: { en: 'Closed', fr: 'Clôturé' },
  CANCELLED: { en: 'Cancelled', fr: 'Annulé' },
};

const actionPointStatusLabels: Record<ActionPointStatus, Labels> = {
  PROPOSED: { en: 'Proposed', fr: 'Proposé' },
  AGREED: { en: 'Agreed', fr: 'Convenu' },
  IN_PROGRESS: { en: 'In progress', fr: 'En cours de mise en œuvre' },
  COMPLETED: { en: 'Completed', fr: 'Réalisé' },
  PARTIALLY_COMPLETED: { en: 'Partially completed', fr: 'Partiellement réalisé' },
  NOT_COMPLETED: { en: 'Not completed', fr: 'Non réalisé' },
  WITHDRAWN: { en: 'Withdrawn', fr: 'Retiré' },
};

// A round is "une session" in French: its statuses agree in the feminine (a cycle's, above, in the masculine).
const roundStatusLabels: Record<'SCHEDULED' | 'HELD' | 'CLOSED', Labels> = {
  SCHEDULED: { en: 'Scheduled', fr: 'Programmée' },
  HELD: { en: 'Held', fr: 'Tenue' },
  CLOSED: { en: 'Closed', fr: 'Clôturée' },
};

const ownerLabels: Record<string, Labels> = {
  PARTNER: { en: 'Partner country', fr: 'Pays partenaire' },
  EU: { en: 'EU', fr: 'UE' },
  JOINT: { en: 'Joint', fr: 'Conjoint' },
};

const priorityLabels: Record<string, Labels> = {
  HIGH: { en: 'High', fr: 'Haute' },
  MEDIUM: { en: 'Medium', fr: 'Moyenne' },
  LOW: { en: 'Low', fr: 'Basse' },
};

const actorRoleLabels: Record<string, Labels> = {
  DESK_OFFICER: { en: 'Desk officer', fr: 'Chargé de pays' },
  DELEGATION: { en: 'EU delegation', fr: 'Délégation de l’UE' },
  REVIEWER: { en: 'Reviewer', fr: 'Évaluateur' },
  AUDITOR: { en: 'Auditor', fr: 'Auditeur' },
  SYSTEM: { en: 'Suivi', fr: 'Suivi' },
};

/** Labels of every vocabulary, in one language. A code without a label (newer data) shows as itself. */
export class Labeller {
  constructor(readonly language: Language) {}

  cycleType(code: string): Labelled {
    return this.from(code, cycleTypeDefinition(code)?.labels);
  }

  /** A stage of a cycle type: the label depends on the type (an EBA mission is not a GSP+ one). */
  cycleStage(cycleType: string, code: string): Labelled {
    return this.from(code, cycleTypeDefinition(cycleType)?.stages.find((stage) => stage.code === code)?.labels);
  }

  cycleStatus(code: string): Labelled {
    return this.from(code, cycleStatusLabels[code as CycleStatus]);
  }

  roundStatus(code: string): Labelled {
    return this.from(code, roundStatusLabels[code as keyof typeof roundStatusLabels]);
  }

  actionPointStatus(code: string): Labelled {
    return this.from(code, actionPointStatusLabels[code as ActionPointStatus]);
  }

  theme(code: string): Labelled {
    return this.from(code, themeDefinition(code)?.labels);
  }

  convention(id: string): Labelled {
    return this.from(id, conventionDefinition(id)?.labels);
  }

  owner(code: string): Labelled {
    return this.from(code, ownerLabels[code]);
  }

  priority(code: string): Labelled {
    return this.from(code, priorityLabels[code]);
  }

  /** A domain event's name (a timeline entry's type). */
  eventType(code: string): Labelled {
    return this.from(code, EVENT_LABELS[code as keyof typeof EVENT_LABELS]);
  }

  actorRole(code: string): Labelled {
    return this.from(code, actorRoleLabels[code]);
  }

  private from(code: string, labels: Readonly<Labels> | undefined): Labelled {
    return { code, label: labels?.[this.language] ?? code };
  }
}
