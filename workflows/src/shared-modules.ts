// Modules the worker evaluates once and shares between all the workflows of its V8 context
// (Temporal's `preloadModules`; the SDK deep-freezes them). Every other module of the bundle is
// evaluated again for each workflow brought into memory: with the domain's zod schemas that was
// ~1.7 MB and ~20 ms per cycle, so 500 cached cycles exhausted the worker's heap (bench:scale).
// Only stateless modules belong here: a module-level value is seen by every workflow, frozen.
// The domain qualifies: it is pure, and its module-level caches are WeakMaps keyed by a workflow's
// own state objects (reminders.ts) or values derived from constants (text-fields.ts time zones).
// It is re-exported, not only imported: zod and luxon are marked side-effect free, and webpack
// drops a bare import of such a module.
import * as domain from '@suivi/domain';

export const sharedModules = [domain] as const;
