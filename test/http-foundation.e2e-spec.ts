import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Public } from '../apps/api/src/auth/public.decorator.js';
import { useStack } from './support/use-stack.js';

class ProbeDto {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  count!: number;
}

/** Test-only routes that fail in known ways. */
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto) {
    return body;
  }

  @Get('crash')
  crash(): never {
    throw new Error('connection to postgres://admin:hunter2@db failed');
  }
}

describe('HTTP foundation', () => {
  const { api } = useStack({ extra: { controllers: [ProbeController] } });

  it('GET /healthz answers 200 while the process is up', async () => {
    const res = await api.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with Postgres, Redis and the storage directory reachable', async () => {
    const res = await api.http.get('/readyz').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, storage: { status: 'up', driver: 'local' } });
  });

  it('answers an unknown route with problem+json and the request id', async () => {
    const res = await api.http.get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/not_found$/),
      title: 'Not found',
      status: 404,
      instance: '/api/v1/nothing-here',
      request_id: res.headers['x-request-id'],
    });
  });

  it('keeps a well-formed X-Request-Id from the caller', async () => {
    const res = await api.http.get('/api/v1/nothing-here').set('X-Request-Id', 'trace-123').expect(404);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.request_id).toBe('trace-123');
  });

  it('masks a 5xx: the body says only "internal error" and the request id', async () => {
    const res = await api.http.get('/probe/crash').expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: expect.stringMatching(/internal_error$/),
      title: 'Internal server error',
      status: 500,
      detail: 'internal error',
      instance: '/probe/crash',
      request_id: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers 400 naming the field that failed validation', async () => {
    const res = await api.http.post('/probe').send({ name: 'far too long a name', count: 3 }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'name', message: 'name must be shorter than or equal to 10 characters' }]);
    expect(res.body.detail).toContain('name');
  });

  it('answers 400 naming an unknown field', async () => {
    const res = await api.http.post('/probe').send({ name: 'ok', count: 2, admin: true }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await api.http.post('/probe').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body.detail).toBe('request body is not valid JSON');
  });

  it('accepts a valid body', async () => {
    await api.http.post('/probe').send({ name: 'ok', count: 2 }).expect(201, { name: 'ok', count: 2 });
  });

  it('answers 413 for a JSON body over the 2 MB default limit', async () => {
    const res = await api.http
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024 + 10), count: 1 }))
      .expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, detail: 'request body exceeds the limit of 2097152 bytes' });
  });
});
