import type { Principal } from '../auth/principal';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { actionPointListSql } from './action-points-sql';
import { calendarSql } from './calendar-sql';
import { cycleListSql } from './cycles-sql';
import { countrySummariesSql } from './dashboard-sql';
import { actionPointListQuerySchema, cycleListQuerySchema, InvalidQueryProblem, parseParams } from './query-params';
import { expandThemes } from './read-model-sql';
import { countryScope } from './read-scope';

const deskOfficer: Principal = { userId: 'desk-kh', role: 'desk-officer', countries: ['KH', 'LK'] };
const reviewer: Principal = { userId: 'rev', role: 'reviewer', countries: [] };

/** The bind value a placeholder stands for in the query text. */
function valueOf(sql: { text: string; values: unknown[] }, fragment: RegExp): unknown {
  const match = fragment.exec(sql.text);
  if (!match) throw new Error(`no ${fragment} in ${sql.text}`);
  return sql.values[Number(match[1]) - 1];
}

describe('countryScope', () => {
  it('gives reviewers and auditors every country, or the ones they filter on', () => {
    expect(countryScope(reviewer, undefined)).toBeNull();
    expect(countryScope({ ...reviewer, role: 'auditor' }, ['UA'])).toEqual(['UA']);
  });

  it('silently narrows desk officers and delegations to their countries', () => {
    expect(countryScope(deskOfficer, undefined)).toEqual(['KH', 'LK']);
    expect(countryScope(deskOfficer, ['LK'])).toEqual(['LK']);
  });

  it('refuses with 403 an explicit filter on a country outside their scope', () => {
    expect(() => countryScope(deskOfficer, ['KH', 'UA'])).toThrow(ForbiddenProblem);
    expect(() => countryScope({ userId: 'd', role: 'delegation', countries: ['KH'] }, ['LK'])).toThrow(
      ForbiddenProblem,
    );
  });
});

describe('cycleListSql', () => {
  it('binds the scope, every filter and the page, never pasting values into the text', () => {
    const query = parseParams(cycleListQuerySchema, {
      country: 'kh',
      type: 'HUMAN_RIGHTS_DIALOGUE,GSP_PLUS_MONITORING',
      status: 'ACTIVE',
      theme: 'I.C',
      page: '3',
      pageSize: '10',
      sort: 'title',
    });
    const { page, count } = cycleListSql(query, countryScope(deskOfficer, query.country));
    expect(valueOf(page, /c\.cycle_type = ANY\(\$(\d+)/)).toEqual(['HUMAN_RIGHTS_DIALOGUE', 'GSP_PLUS_MONITORING']);
    expect(valueOf(page, /c\.status = ANY\(\$(\d+)/)).toEqual(['ACTIVE']);
    expect(valueOf(page, /t\.themes && \$(\d+)/)).toEqual(['I.C']);
    expect(valueOf(page, /LIMIT \$(\d+)/)).toBe(10);
    expect(valueOf(page, /OFFSET \$(\d+)/)).toBe(20);
    expect(page.text).toMatch(/ORDER BY c\.title ASC, c\.cycle_id ASC/);
    expect(page.text).not.toMatch(/HUMAN_RIGHTS_DIALOGUE|'KH'/);
    // The count has the same filters and no paging.
    expect(count.values).toEqual(page.values.slice(0, -2));
    expect(count.text).not.toMatch(/LIMIT/);
  });

  it('scopes a desk officer without a filter to their own countries', () => {
    const query = parseParams(cycleListQuerySchema, {});
    const { page } = cycleListSql(query, countryScope(deskOfficer, undefined));
    expect(valueOf(page, /c\.country = ANY\(\$(\d+)/)).toEqual(['KH', 'LK']);
    expect(page.text).toMatch(/ORDER BY c\.started_at DESC/);
  });

  it('puts no country condition for a reviewer without a filter', () => {
    const { page, count } = cycleListSql(parseParams(cycleListQuerySchema, {}), countryScope(reviewer, undefined));
    expect(page.text).not.toMatch(/c\.country = ANY/);
    expect(count.values).toEqual([]);
  });

  it('filters on the current stage with a CASE built from the reference data, every code bound', () => {
    const query = parseParams(cycleListQuerySchema, {
      stage: 'MONITORING_MISSION,REPORT',
      type: 'GSP_PLUS_MONITORING',
    });
    const { page, count } = cycleListSql(query, null);
    const stageCondition = /\(CASE WHEN c\.cycle_type = \$(\d+)::text THEN \(CASE WHEN c\.gsp_stages \? \$\d+::text/;
    expect(valueOf(page, stageCondition)).toBe('GSP_PLUS_MONITORING');
    expect(valueOf(page, /END\) = ANY\(\$(\d+)::text\[\]\)/)).toEqual(['MONITORING_MISSION', 'REPORT']);
    // One branch per cycle type with stage markers, the latest marker first, then the first stage.
    expect(page.text.match(/c\.cycle_type = \$\d+::text THEN/g)).toHaveLength(2);
    expect(page.values).toEqual(
      expect.arrayContaining(['EBA_ENHANCED_ENGAGEMENT', 'REPORT_PUBLISHED', 'FOLLOW_UP_OF_OUTSTANDING_ISSUES']),
    );
    const gsp = page.values.indexOf('GSP_PLUS_MONITORING', 1);
    expect(page.values.slice(gsp, gsp + 4)).toEqual([
      'GSP_PLUS_MONITORING',
      'REPORT_PUBLISHED',
      'REPORT',
      'ASSESSMENT_COMPLETED',
    ]);
    // Only fixed fragments are text: no code of the reference data is pasted in.
    expect(page.text).not.toMatch(/GSP_PLUS|EBA_|REPORT|MONITORING|LIST_OF_ISSUES|REPLIES/);
    expect(count.text).toMatch(/WHERE c\.cycle_type = ANY\(\$1::text\[\]\) AND \(CASE WHEN/);
    expect(count.values).toEqual(page.values.slice(0, -2));
  });

  it('filters on conventions like on themes: cycles with an action point on one of them', () => {
    const query = parseParams(cycleListQuerySchema, { convention: 'ICERD,ILO-C087', theme: 'I' });
    const { page, count } = cycleListSql(query, ['KH']);
    expect(valueOf(page, /v\.conventions && \$(\d+)::text\[\]/)).toEqual(['ICERD', 'ILO-C087']);
    expect(page.text).toMatch(/EXISTS \(SELECT 1 FROM read_model\.action_points v\s+WHERE v\.cycle_id = c\.cycle_id/);
    expect(count.text).toMatch(/v\.conventions && \$3::text\[\]/);
    expect(count.values).toEqual([['KH'], expandThemes(['I']), ['ICERD', 'ILO-C087']]);
  });

  it('widens a pillar to its themes', () => {
    expect(expandThemes(['I'])).toEqual(expect.arrayContaining(['I', 'I.A', 'I.B', 'I.C']));
    expect(expandThemes(['I.C'])).toEqual(['I.C']);
  });
});

describe('actionPointListSql', () => {
  it('translates the cross-country filters into bound conditions', () => {
    const query = parseParams(actionPointListQuerySchema, {
      dueWithinDays: '30',
      carriedOverMoreThan: '1',
      convention: 'ICERD',
      cycleId: 'KH-HRD-2026',
      status: 'AGREED,IN_PROGRESS',
    });
    const { page } = actionPointListSql(query, null);
    expect(valueOf(page, /local_today\(c\.time_zone\) \+ \$(\d+)/)).toBe(30);
    expect(valueOf(page, /ap\.rounds_carried > \$(\d+)/)).toBe(1);
    expect(valueOf(page, /ap\.conventions && \$(\d+)/)).toEqual(['ICERD']);
    expect(valueOf(page, /ap\.cycle_id = \$(\d+)/)).toBe('KH-HRD-2026');
    expect(valueOf(page, /ap\.status = ANY\(\$(\d+)/)).toEqual(['AGREED', 'IN_PROGRESS']);
    expect(page.text).toMatch(/ORDER BY ap\.deadline ASC, ap\.cycle_id ASC, ap\.action_point_id ASC/);
  });

  it('judges overdue on the cycle time zone, open agreed items of running cycles only', () => {
    const overdue = actionPointListSql(parseParams(actionPointListQuerySchema, { overdue: 'true' }), null).page.text;
    expect(overdue).toMatch(
      /WHERE \(\(ap\.status IN \('AGREED', 'IN_PROGRESS'\) AND c\.status = 'ACTIVE'\s+AND ap\.deadline < read_model_control\.local_today\(c\.time_zone\)\)\)/,
    );
    const notOverdue = actionPointListSql(parseParams(actionPointListQuerySchema, { overdue: 'false' }), null);
    expect(notOverdue.page.text).toMatch(/WHERE \(NOT \(ap\.status/);
  });

  it('finds action points awaiting assessment: progress reported, no assessment, running cycle; oldest report first', () => {
    const query = parseParams(actionPointListQuerySchema, { awaitingAssessment: 'true', sort: 'lastProgressOn' });
    const { page } = actionPointListSql(query, ['KH']);
    expect(page.text).toMatch(
      /ap\.progress_reports > 0 AND ap\.assessment IS NULL AND ap\.status IN \('AGREED', 'IN_PROGRESS'\)\s+AND c\.status = 'ACTIVE'/,
    );
    expect(page.text).toMatch(/ORDER BY ap\.last_progress_on ASC NULLS LAST, ap\.cycle_id ASC/);
    const others = actionPointListSql(parseParams(actionPointListQuerySchema, { awaitingAssessment: 'false' }), null);
    expect(others.page.text).toMatch(/WHERE \(NOT \(ap\.progress_reports > 0/);
  });

  it('takes minVersion as a wait, not a filter', () => {
    const withWait = parseParams(actionPointListQuerySchema, { cycleId: 'KH-HRD-2026', minVersion: '12' });
    expect(withWait.minVersion).toBe(12);
    const { page } = actionPointListSql(withWait, null);
    expect(page.values).not.toContain(12);
  });
});

describe('countrySummariesSql', () => {
  it('counts per country in scope, with the overdue and awaiting-assessment rules of the lists', () => {
    const scoped = countrySummariesSql(['KH', 'LK']);
    expect(scoped.values).toEqual([['KH', 'LK']]);
    expect(scoped.text).toMatch(/WHERE c\.country = ANY\(\$1::text\[\]\)/);
    expect(scoped.text).toMatch(/ap\.deadline < c\.today/);
    expect(scoped.text).toMatch(/ap\.assessment IS NOT NULL\)::int AS assessed/);
    expect(scoped.text).toMatch(/ap\.progress_reports > 0 AND ap\.assessment IS NULL/);
    expect(countrySummariesSql(null)).toMatchObject({ values: [] });
    expect(countrySummariesSql(null).text).not.toMatch(/ANY/);
  });
});

describe('calendarSql', () => {
  it('reads no free text and only open agreed items of running cycles in scope', () => {
    const sql = calendarSql(['KH'], 100);
    expect(sql.text).not.toMatch(/ap\.text|title|reason|comment/);
    expect(sql.text).toMatch(/ap\.status IN \('AGREED', 'IN_PROGRESS'\)/);
    expect(sql.values).toEqual([['KH'], 100]);
  });
});

describe('query parameters', () => {
  const problem = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidQueryProblem);
      return (error as InvalidQueryProblem).errors;
    }
    throw new Error('expected a 400 problem');
  };

  it('names an unknown parameter', () => {
    expect(problem(() => parseParams(cycleListQuerySchema, { contry: 'KH' }))).toEqual([
      { parameter: 'contry', detail: 'unknown parameter' },
    ]);
  });

  it('names bad values: page size over 100, unknown codes, a repeated parameter', () => {
    expect(problem(() => parseParams(cycleListQuerySchema, { pageSize: '101' }))[0]).toMatchObject({
      parameter: 'pageSize',
    });
    expect(problem(() => parseParams(cycleListQuerySchema, { theme: 'I.C,Z.Z' }))[0]).toEqual({
      parameter: 'theme',
      detail: 'unknown theme codes: Z.Z',
    });
    expect(problem(() => parseParams(cycleListQuerySchema, { stage: 'REPORT,PREPARATION' }))[0]).toEqual({
      parameter: 'stage',
      detail: 'unknown stage codes: PREPARATION',
    });
    expect(problem(() => parseParams(cycleListQuerySchema, { stage: 'report' }))[0].parameter).toBe('stage');
    expect(problem(() => parseParams(cycleListQuerySchema, { stage: '' }))[0]).toEqual({
      parameter: 'stage',
      detail: 'expected one or more stage codes, comma-separated, no spaces',
    });
    expect(problem(() => parseParams(cycleListQuerySchema, { convention: 'ICERD,XYZ' }))[0]).toEqual({
      parameter: 'convention',
      detail: 'unknown convention ids: XYZ',
    });
    expect(problem(() => parseParams(actionPointListQuerySchema, { overdue: 'yes' }))[0].parameter).toBe('overdue');
    expect(problem(() => parseParams(cycleListQuerySchema, { status: ['ACTIVE', 'CLOSED'] }))[0]).toEqual({
      parameter: 'status',
      detail: 'give this parameter once, as text',
    });
  });

  it('reads stage and convention lists of the cycle list, each code once', () => {
    expect(parseParams(cycleListQuerySchema, { stage: 'REPLIES_DUE,REPORT,REPLIES_DUE', convention: 'ICERD' })).toEqual(
      expect.objectContaining({ stage: ['REPLIES_DUE', 'REPORT'], convention: ['ICERD'] }),
    );
  });

  it('defaults to the first page of 20, newest first', () => {
    expect(parseParams(cycleListQuerySchema, {})).toEqual({ page: 1, pageSize: 20, sort: '-startedAt' });
  });
});
