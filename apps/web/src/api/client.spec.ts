import { csrfToken, withCsrf } from './client';

describe('the dashboard client', () => {
  it('reads the CSRF token from the cookies', () => {
    expect(csrfToken('a=1; scriptorium_csrf=abc%2Fdef; b=2')).toBe('abc/def');
    expect(csrfToken('scriptorium_session=s%3Axyz')).toBeUndefined();
  });

  it('sends the token on writes only', async () => {
    const sent: Request[] = [];
    const fetchImpl = withCsrf(
      async (input) => {
        sent.push(input as Request);
        return new Response(null, { status: 204 });
      },
      () => 'tok',
    );
    await fetchImpl('http://localhost/api/v1/documents', { method: 'POST', body: '{}' });
    await fetchImpl('http://localhost/api/v1/documents');
    await fetchImpl(new Request('http://localhost/api/v1/api-keys/1', { method: 'DELETE' }));
    expect(sent.map((request) => [request.method, request.headers.get('X-CSRF-Token')])).toEqual([
      ['POST', 'tok'],
      ['GET', null],
      ['DELETE', 'tok'],
    ]);
  });
});
