import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The web app's typed client is generated from the document this API serves: the document is
 * checked in as apps/web/src/api/openapi.json and this test fails when it differs from what the
 * API serves now (the web app's typecheck fails when the types generated from it differ), so the
 * screens cannot drift from the API. `npx nx run web:api-types` runs this test with
 * UPDATE_WEB_API_TYPES=1, which writes the document, then generates the types from it.
 */
const webApiDir = join(__dirname, '..', '..', '..', 'web', 'src', 'api');
const documentFile = join(webApiDir, 'openapi.json');
const update = process.env['UPDATE_WEB_API_TYPES'] === '1';

describe('the web app’s copy of the OpenAPI document', () => {
  let testApp: TestApp;
  let served: Record<string, unknown>;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { CODEC_ENDPOINT_ENABLED: 'true' } });
    served = await readJson<Record<string, unknown>>(await fetch(`${testApp.baseUrl}/openapi.json`));
  });
  afterAll(() => testApp.close());

  const documentText = () => `${JSON.stringify(served, null, 2)}\n`;
  it('holds the document the API serves', () => {
    if (update) writeFileSync(documentFile, documentText());
    const upToDate = readFileSync(documentFile, 'utf8') === documentText();
    if (!upToDate)
      console.error('The web app’s copy of the API document is out of date: run `npx nx run web:api-types`.');
    expect(upToDate).toBe(true);
  });
});
