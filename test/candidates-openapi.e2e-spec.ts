import { startTestApp, TestApp } from './harness/app';

interface Schema {
  properties?: Record<string, unknown>;
  required?: string[];
}

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
  components: { schemas: Record<string, Schema> };
}

describe('OpenAPI: candidates and applications', () => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  const props = (name: string) =>
    Object.keys(doc.components.schemas[name]?.properties ?? {}).sort();

  it('documents an expected salary as money plus its pay basis', () => {
    expect(props('ExpectedSalaryDto')).toEqual(['amount', 'currency', 'payBasis']);
    expect(doc.components.schemas.ExpectedSalaryDto?.required?.sort()).toEqual([
      'amount',
      'currency',
      'payBasis',
    ]);
  });

  it('offers staff no way to set consent or anonymisation', () => {
    for (const input of ['CreateCandidateDto', 'UpdateCandidateDto']) {
      expect(props(input)).toEqual(
        ['email', 'fullName', 'links', 'location', 'phone', 'resumeText', 'source'].sort(),
      );
    }
  });

  it('documents both outcomes of an intake: 201 created and 200 matched', () => {
    const responses = doc.paths['/api/candidates']?.post?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '201', '400']));
  });

  it('documents the error codes of a stage move', () => {
    const responses = doc.paths['/api/applications/{id}/stage']?.post?.responses ?? {};
    expect(responses['409']?.description).toContain('APPLICATION_ILLEGAL_STAGE');
    expect(responses['409']?.description).toContain('CANDIDATE_ERASED');
    expect(responses['404']?.description).toContain('APPLICATION_NOT_FOUND');
  });
});
