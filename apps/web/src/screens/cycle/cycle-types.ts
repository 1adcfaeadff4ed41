import type { paths } from '../../api/schema';

/** The cycle document the cycle page shows (GET /v1/cycles/{cycleId}), and its parts. */
export type Cycle = paths['/v1/cycles/{cycleId}']['get']['responses'][200]['content']['application/json'];
export type ActionPoint = Cycle['actionPoints'][number];
export type Round = Cycle['rounds'][number];
