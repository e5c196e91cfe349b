import { EMPTY_WRITE_POST, formFieldOf, writePostBody } from './write-post-form';

describe('the "Write a post" form', () => {
  it('sends only the filled options, the cap in cents, and dry_run for a quote', () => {
    const { body, errors } = writePostBody({ ...EMPTY_WRITE_POST, documentId: 'd1', tone: ' friendly ', chapters: '3', maxCostDollars: '1.50', images: true }, true);
    expect(errors).toEqual({});
    expect(body).toEqual({ document_id: 'd1', options: { tone: 'friendly', chapters_count: 3, max_cost: 150, images: true }, dry_run: true });
    expect(writePostBody({ ...EMPTY_WRITE_POST, documentId: 'd1' }, false).body).toEqual({ document_id: 'd1', options: {} });
  });

  it('names each field the browser can already tell is wrong', () => {
    const { body, errors } = writePostBody({ ...EMPTY_WRITE_POST, length: '50', chapters: '2.5', maxCostDollars: 'lots' }, false);
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['chapters', 'documentId', 'length', 'maxCostDollars']);
  });

  it('puts the API field errors beside the form fields', () => {
    expect(formFieldOf('options.max_cost')).toBe('maxCostDollars');
    expect(formFieldOf('body.document_id')).toBe('documentId');
    expect(formFieldOf('options.chapters_count')).toBe('chapters');
    expect(formFieldOf('nothing')).toBeUndefined();
  });
});
