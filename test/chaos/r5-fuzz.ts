import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MARKER, MARKER_EMAIL, type ApiProcess, type ChaosUser } from './harness.js';
import { Figures } from './report.js';
import type { ChaosSize } from './sizes.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema nodes of the OpenAPI document */
type Schema = Record<string, any>;

interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

/** One generated request and what is at fault in it. */
export interface FuzzCase {
  op: Operation;
  kind: string;
  method: string;
  /** Path with query string. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The field at fault: a 400 must name it. */
  field?: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const BOUNDARY = 'chaosBOUNDARY7MA4YWxk';
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

export function loadOperations(file = 'openapi.json'): { doc: Schema; operations: Operation[] } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const method of HTTP_METHODS) if (item[method]) operations.push({ method: method.toUpperCase(), path, spec: item[method] });
  }
  return { doc, operations };
}

export class Generator {
  constructor(
    private readonly doc: Schema,
    private readonly apiKey: string,
  ) {}

  deref(schema: Schema | undefined): Schema {
    let node = schema ?? {};
    for (let i = 0; i < 10 && typeof node.$ref === 'string'; i++) {
      node = (node.$ref as string).replace(/^#\//, '').split('/').reduce((at: Schema, part: string) => at?.[part], this.doc) ?? {};
    }
    if (Array.isArray(node.allOf) && node.allOf.length === 1) return this.deref(node.allOf[0]);
    return node;
  }

  typeOf(schema: Schema): string | undefined {
    const node = this.deref(schema);
    for (const key of ['anyOf', 'oneOf']) {
      const options = (node[key] as Schema[] | undefined)?.map((option) => this.deref(option)).filter((option) => option.type !== 'null');
      if (options?.[0]) return this.typeOf(options[0]);
    }
    const types = Array.isArray(node.type) ? node.type : [node.type];
    return types.find((type: string | undefined) => type && type !== 'null') ?? (node.properties ? 'object' : node.enum ? typeof node.enum[0] : undefined);
  }

  nullable(schema: Schema): boolean {
    const node = this.deref(schema);
    return Boolean(node.nullable) || (Array.isArray(node.type) && node.type.includes('null')) || ['anyOf', 'oneOf'].some((key) => (node[key] as Schema[] | undefined)?.some((option) => this.deref(option).type === 'null'));
  }

  /** A value the schema accepts (as far as a schema can say). */
  valid(schema: Schema | undefined, depth = 0): unknown {
    const node = this.deref(schema);
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum)) return node.enum.find((value: unknown) => value !== null) ?? null;
    if (node.example !== undefined && typeof node.example !== 'object') return node.example;
    for (const key of ['anyOf', 'oneOf']) {
      const options = (node[key] as Schema[] | undefined)?.filter((option) => this.deref(option).type !== 'null');
      if (options?.[0]) return this.valid(options[0], depth);
    }
    switch (this.typeOf(node)) {
      case 'object': {
        if (depth > 4) return {};
        const properties = (node.properties ?? {}) as Record<string, Schema>;
        const required = (node.required ?? []) as string[];
        const names = required.length > 0 ? required : Object.keys(properties).slice(0, 1);
        return Object.fromEntries(names.filter((name) => properties[name]).map((name) => [name, this.valid(properties[name], depth + 1)]));
      }
      case 'array':
        return Array.from({ length: Math.max(1, node.minItems ?? 1) }, () => this.valid(node.items, depth + 1));
      case 'integer':
      case 'number':
        return typeof node.minimum === 'number' ? node.minimum : 1;
      case 'boolean':
        return true;
      case 'string':
        switch (node.format) {
          case 'uuid':
            return randomUUID();
          case 'uri':
          case 'url':
            return 'https://example.com/chaos';
          case 'email':
            return MARKER_EMAIL;
          case 'date-time':
            return new Date().toISOString();
          case 'date':
            return new Date().toISOString().slice(0, 10);
          case 'binary':
            return `${MARKER} file`;
        }
        return `${MARKER} text`.padEnd(node.minLength ?? 0, 'x').slice(0, node.maxLength ?? 10_000);
      default:
        return `${MARKER}`;
    }
  }

  /** Values of every other JSON type than the schema's. */
  wrongTyped(schema: Schema): unknown[] {
    const type = this.typeOf(schema);
    const all: [string, unknown][] = [
      ['string', `${MARKER}-wrong`],
      ['number', 123456789],
      ['integer', -7],
      ['boolean', false],
      ['array', [1, 'two', { three: 3 }]],
      ['object', { nested: MARKER }],
    ];
    return all.filter(([name]) => name !== type && !(type === 'number' && name === 'integer') && !(type === 'integer' && name === 'number')).map(([, value]) => value);
  }

  bodySchema(op: Operation): { type: string; schema: Schema } | undefined {
    const content = op.spec.requestBody?.content as Record<string, { schema: Schema }> | undefined;
    if (!content) return undefined;
    const [type, media] = Object.entries(content)[0]!;
    return { type, schema: this.deref(media.schema) };
  }

  auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.apiKey}` };
  }

  /** The operation's path with its parameters filled (or one of them replaced by `garbage`). */
  pathOf(op: Operation, garbage?: { name: string; value: string }): string {
    return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (garbage?.name === name ? garbage.value : randomUUID()));
  }

  /** Every case for one operation (with fresh random values each call). */
  cases(op: Operation): FuzzCase[] {
    const out: FuzzCase[] = [];
    const params = ((op.spec.parameters ?? []) as Schema[]).map((param) => this.deref(param));
    const body = this.bodySchema(op);
    const baseBody = body?.type === 'application/json' ? this.valid(body.schema) : undefined;
    const json = (value: unknown) => JSON.stringify(value);
    const make = (kind: string, parts: Partial<Omit<FuzzCase, 'op' | 'kind'>> = {}): FuzzCase => {
      // The MCP transport wants both (else 406 before it reads the body).
      const accept: Record<string, string> = op.path === '/mcp' ? { Accept: 'application/json, text/event-stream' } : {};
      const headers: Record<string, string> = { ...this.auth(), ...accept, ...parts.headers };
      let requestBody = parts.body;
      if (requestBody === undefined && baseBody !== undefined && !('body' in parts)) requestBody = json(baseBody);
      if (requestBody !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      return { op, kind, method: parts.method ?? op.method, url: parts.url ?? this.pathOf(op), headers, body: requestBody, field: parts.field };
    };

    out.push(make('as documented'));
    // Authentication.
    const auths: [string, Record<string, string>][] = [
      ['no auth', { Authorization: '' }],
      ['empty bearer', { Authorization: 'Bearer ' }],
      ['garbage bearer', { Authorization: 'Bearer sk_garbage_chaos' }],
      ['key with one char changed', { Authorization: `Bearer ${this.apiKey.slice(0, -1)}${this.apiKey.endsWith('A') ? 'B' : 'A'}` }],
      ['basic auth', { Authorization: 'Basic Y2hhb3M6Y2hhb3M=' }],
      ['huge bearer', { Authorization: `Bearer ${'k'.repeat(8000)}` }],
      ['garbage session cookie', { Authorization: '', Cookie: 'scriptorium_session=s%3Agarbage.bad' }],
    ];
    for (const [kind, headers] of auths) {
      const c = make(kind, { headers });
      if (!headers.Authorization) delete c.headers.Authorization;
      out.push(c);
    }
    // Path parameters.
    for (const param of params.filter((p) => p.in === 'path')) {
      for (const value of ['x', '0', '-1', 'null', '%00', '%ZZ', 'a'.repeat(3000), '..%2F..%2Fetc%2Fpasswd', randomUUID().toUpperCase(), '00000000-0000-0000-0000-000000000000', "1'%20or%20'1'%3D'1", '%F0%9F%99%82', '%20', 'chaos']) {
        out.push(make(`garbage path ${param.name}`, { url: this.pathOf(op, { name: param.name, value }) }));
      }
    }
    // Query parameters.
    for (const param of params.filter((p) => p.in === 'query')) {
      const garbage = ['', '-1', '0', '99999999999999999999', 'abc', '1e309', 'NaN', 'true', 'null', '%00', 'x'.repeat(5000), '%5B%5D', 'chaos'];
      for (const value of garbage) out.push(make(`garbage query ${param.name}`, { url: `${this.pathOf(op)}?${param.name}=${value}`, field: param.name }));
      out.push(make(`repeated query ${param.name}`, { url: `${this.pathOf(op)}?${param.name}=1&${param.name}=2`, field: param.name }));
      out.push(make(`array query ${param.name}`, { url: `${this.pathOf(op)}?${param.name}[]=1`, field: param.name }));
      out.push(make(`object query ${param.name}`, { url: `${this.pathOf(op)}?${param.name}[a][b]=1`, field: param.name }));
    }
    out.push(make('unknown query parameter', { url: `${this.pathOf(op)}?chaos_unknown=1&__proto__[x]=1` }));
    // Header parameters and the headers every route reads.
    for (const param of params.filter((p) => p.in === 'header')) {
      for (const value of ['', 'garbage', '"', 'W/"x"', '9'.repeat(400)]) out.push(make(`garbage header ${param.name}`, { headers: { [param.name]: value } }));
    }
    if (op.method !== 'GET') {
      out.push(make('huge Idempotency-Key', { headers: { 'Idempotency-Key': 'k'.repeat(300) } }));
      out.push(make('empty Idempotency-Key', { headers: { 'Idempotency-Key': '' } }));
    }
    out.push(make('garbage Prefer', { headers: { Prefer: `wait=${pick(['abc', '-1', '999999999', ''])}` } }));

    if (body?.type === 'application/json') out.push(...this.jsonBodyCases(body.schema, baseBody, make));
    if (body?.type === 'multipart/form-data') out.push(...this.multipartCases(make));
    if (!body && op.method !== 'GET') {
      out.push(make('unexpected JSON body', { body: json({ chaos_unknown: MARKER }) }));
      out.push(make('unexpected bad JSON', { body: '{"a":' }));
    }
    return out;
  }

  private jsonBodyCases(schema: Schema, base: unknown, make: (kind: string, parts?: Partial<Omit<FuzzCase, 'op' | 'kind'>>) => FuzzCase): FuzzCase[] {
    const out: FuzzCase[] = [];
    const json = (value: unknown) => JSON.stringify(value);
    const baseObject = (base && typeof base === 'object' && !Array.isArray(base) ? base : {}) as Record<string, unknown>;
    // Whole-body faults.
    for (const raw of ['{', '{"a":}', 'nul', '\u0000', '[1,2', '"just a string"', '123', 'null', '[]', '{"a":1,"a":2}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}', '\ufeff{}']) {
      out.push(make('bad JSON body', { body: raw }));
    }
    out.push(make('empty body', { body: '' }));
    out.push(make('deeply nested arrays', { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }));
    out.push(make('deeply nested objects', { body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` }));
    out.push(make('oversized body', { body: json({ ...baseObject, padding: 'x'.repeat(2_200_000) }) }));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data', 'application/json; charset=utf-16', 'application/octet-stream']) {
      out.push(make(`wrong content type ${type}`, { headers: { 'Content-Type': type } }));
    }
    out.push(make('form body', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'text=a&text=b&options[x]=1' }));
    out.push(make('unknown field', { body: json({ ...baseObject, chaos_unknown: MARKER }), field: 'chaos_unknown' }));
    out.push(make('array instead of object', { body: json([baseObject]) }));

    // Field faults, top level and one level down.
    const fields: { path: string[]; schema: Schema; required: boolean }[] = [];
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, sub] of Object.entries(properties)) {
      fields.push({ path: [name], schema: sub, required: required.has(name) });
      const node = this.deref(sub);
      if (this.typeOf(node) === 'object' && node.properties) {
        const innerRequired = new Set((node.required ?? []) as string[]);
        for (const [inner, innerSchema] of Object.entries(node.properties as Record<string, Schema>)) {
          fields.push({ path: [name, inner], schema: innerSchema, required: innerRequired.has(inner) });
        }
      }
    }
    const withField = (path: string[], value: unknown, remove = false): Record<string, unknown> => {
      const copy = structuredClone(baseObject);
      let at = copy;
      for (const part of path.slice(0, -1)) {
        if (!at[part] || typeof at[part] !== 'object' || Array.isArray(at[part])) at[part] = this.valid(this.fieldSchema(schema, path.slice(0, path.indexOf(part) + 1)));
        if (!at[part] || typeof at[part] !== 'object') at[part] = {};
        at = at[part] as Record<string, unknown>;
      }
      if (remove) delete at[path.at(-1)!];
      else at[path.at(-1)!] = value;
      return copy;
    };
    for (const { path, schema: fieldSchema, required: isRequired } of fields) {
      const field = path.join('.');
      if (isRequired && path.length === 1) out.push(make(`missing required ${field}`, { body: json(withField(path, undefined, true)), field }));
      out.push(make(`null ${field}`, { body: json(withField(path, null)), field: this.nullable(fieldSchema) ? undefined : field }));
      for (const value of this.wrongTyped(fieldSchema)) out.push(make(`wrong type ${field}`, { body: json(withField(path, value)), field }));
      const maxLength = this.deref(fieldSchema).maxLength as number | undefined;
      const huge = maxLength === undefined || maxLength > 60_000 ? 1_100_000 : Math.max(maxLength + 1, 20_000);
      out.push(make(`huge string ${field}`, { body: json(withField(path, `${MARKER}${'x'.repeat(huge)}`)), field }));
      out.push(make(`huge array ${field}`, { body: json(withField(path, Array.from({ length: 5000 }, (_, i) => i))), field }));
      out.push(make(`deep nesting in ${field}`, { body: json(withField(path, '\u0001')).replace('"\\u0001"', `${'['.repeat(5000)}${']'.repeat(5000)}`) }));
      out.push(make(`huge number ${field}`, { body: json(withField(path, '\u0001')).replace('"\\u0001"', '1e400') }));
      out.push(make(`unknown field in ${field}`, { body: json(withField([...path, 'chaos_unknown'], MARKER)) }));
    }
    return out;
  }

  private fieldSchema(schema: Schema, path: string[]): Schema {
    let node = schema;
    for (const part of path) node = this.deref((node.properties as Record<string, Schema> | undefined)?.[part]);
    return node;
  }

  private multipartCases(make: (kind: string, parts?: Partial<Omit<FuzzCase, 'op' | 'kind'>>) => FuzzCase): FuzzCase[] {
    const type = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
    const part = (name: string, filename: string | undefined, content: string, contentType = 'text/plain') =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\nContent-Type: ${contentType}\r\n\r\n${content}\r\n`;
    const text = `${MARKER} ${'word '.repeat(40)}`;
    const end = `--${BOUNDARY}--\r\n`;
    const bodies: [string, string | Uint8Array][] = [
      ['multipart as documented', part('files', 'notes.txt', text) + end],
      ['truncated multipart', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhello`],
      ['multipart cut in its headers', `--${BOUNDARY}\r\nContent-Disposition: form-da`],
      ['multipart without closing boundary', part('files', 'notes.txt', text)],
      ['multipart without files', part('title', undefined, 'x') + end],
      ['multipart with an unknown field', part('files', 'notes.txt', text) + part('chaos_unknown', undefined, MARKER) + end],
      ['multipart file name with path parts', part('files', '../../../../etc/passwd', text) + end],
      ['multipart huge file name', part('files', 'n'.repeat(5000), text) + end],
      ['multipart empty file', part('files', 'empty.txt', '') + end],
      ['multipart many files', Array.from({ length: 60 }, (_, i) => part('files', `f${i}.txt`, text)).join('') + end],
      ['multipart binary garbage', part('files', 'x.pdf', '%PDF-1.7\u0000\u0001garbage', 'application/pdf') + end],
      ['oversized multipart', part('files', 'big.txt', 'b'.repeat(1_300_000)) + end],
      ['multipart body not multipart', `${MARKER} just text`],
      ['multipart empty', ''],
    ];
    const out = bodies.map(([kind, body]) => make(kind, { headers: type, body }));
    out.push(make('multipart without boundary', { headers: { 'Content-Type': 'multipart/form-data' }, body: part('files', 'a.txt', text) + end }));
    out.push(make('multipart wrong boundary', { headers: { 'Content-Type': 'multipart/form-data; boundary=other' }, body: part('files', 'a.txt', text) + end }));
    out.push(make('JSON to an upload', { headers: { 'Content-Type': 'application/json' }, body: '{"files":["x"]}' }));
    return out;
  }
}

interface Outcome {
  status: number;
  contentType: string;
  body: string;
  error?: string;
}

async function send(base: string, c: FuzzCase): Promise<Outcome> {
  try {
    const res = await fetch(`${base}${c.url}`, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    const contentType = res.headers.get('content-type') ?? '';
    // An event stream that opened is read no further.
    const body = contentType.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
    return { status: res.status, contentType, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 0, contentType: '', body: '', error: `${(error as Error).name}${cause ? ` ${cause}` : ''}` };
  }
}

/**
 * Whether a problem+json body names `field` (in `errors[].field`, or in its detail): `exact`, or
 * `other` when it names another field (also at fault: a required one the case left out, a state
 * that must match), or `none`.
 */
function namesField(body: string, field: string): 'exact' | 'other' | 'none' {
  try {
    const problem = JSON.parse(body) as { detail?: string; errors?: { field?: string }[] };
    const last = field.split('.').at(-1)!;
    const errors = problem.errors ?? [];
    const exact =
      errors.some((error) => error.field === field || error.field?.startsWith(`${field}.`) || error.field?.startsWith(`${field}[`) || field.startsWith(`${error.field}.`) || error.field === last) ||
      (problem.detail ?? '').includes(last);
    if (exact) return 'exact';
    return errors.length > 0 || /^[\w.[\]-]+: /.test(problem.detail ?? '') ? 'other' : 'none';
  } catch {
    return 'none';
  }
}

/**
 * R5: a fuzzer driven by the committed openapi.json: every operation gets missing, null,
 * wrong-typed, huge and unknown fields, deep nesting, bad JSON, wrong content types, garbage path,
 * query and header values, repeated parameters, truncated and oversized multipart bodies and bad
 * credentials. Goals: no 5xx but documented 503s, the API never exits, every 4xx is problem+json,
 * and a 400 about a field names it.
 */
export async function fuzz(api: ApiProcess, user: ChaosUser, size: ChaosSize, concurrency = 8): Promise<Figures> {
  const figures = new Figures('R5 fuzzer');
  const { doc, operations } = loadOperations();
  const generator = new Generator(doc, user.apiKey);
  const counts = { sent: 0, fivexx: 0, documented503: 0, notProblem: 0, fieldNotNamed: 0, otherFieldNamed: 0, jsonRpcErrors: 0, networkErrors: 0, timeouts: 0 };
  const statuses = new Map<number, number>();
  const samples = new Map<string, string>();
  const sample = (what: string, c: FuzzCase, outcome: Outcome) => {
    const key = `${what}: ${c.method} ${c.op.path} (${c.kind})`;
    if (!samples.has(key)) samples.set(key, `${outcome.status} ${outcome.error ?? outcome.body.slice(0, 160)}`);
  };
  const operationsHit = new Set<string>();

  let round = 0;
  while (counts.sent < size.r5Requests) {
    round += 1;
    let cases = operations.flatMap((op) => generator.cases(op)).sort(() => Math.random() - 0.5);
    cases = cases.slice(0, size.r5Requests - counts.sent);
    // Every operation at least once in the first round, whatever the size.
    if (round === 1) {
      const covered = new Set(cases.map((c) => `${c.method} ${c.op.path}`));
      for (const op of operations) if (!covered.has(`${op.method} ${op.path}`)) cases.push(generator.cases(op)[0]!);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const outcome = await send(api.url, c);
          counts.sent += 1;
          operationsHit.add(`${c.method} ${c.op.path}`);
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          if (outcome.status === 0) {
            // The server may close the connection of a body it refuses before reading it all.
            if (outcome.error?.includes('Timeout')) counts.timeouts += 1;
            else if (!c.kind.startsWith('oversized')) {
              counts.networkErrors += 1;
              sample('network error', c, outcome);
            }
            continue;
          }
          if (outcome.status >= 500) {
            if (outcome.status === 503 && c.op.spec.responses?.['503']) counts.documented503 += 1;
            else {
              counts.fivexx += 1;
              sample(String(outcome.status), c, outcome);
            }
          }
          // The MCP endpoint answers JSON-RPC errors, as its protocol says.
          const jsonRpc = c.op.path === '/mcp' && outcome.body.includes('"jsonrpc"');
          if (jsonRpc) counts.jsonRpcErrors += outcome.status >= 400 ? 1 : 0;
          if (outcome.status >= 400 && outcome.status < 500 && !jsonRpc && !outcome.contentType.startsWith('application/problem+json')) {
            counts.notProblem += 1;
            sample(`${outcome.status} not problem+json (${outcome.contentType})`, c, outcome);
          }
          if (outcome.status === 400 && c.field && !jsonRpc) {
            const named = namesField(outcome.body, c.field);
            if (named === 'other') counts.otherFieldNamed += 1;
            if (named === 'none') {
              counts.fieldNotNamed += 1;
              sample(`400 not naming ${c.field}`, c, outcome);
            }
          }
        }
      }),
    );
  }
  const alive = api.process.child.exitCode === null && api.process.child.signalCode === null;

  figures.info('operations in openapi.json / fuzzed', `${operations.length} / ${operationsHit.size}`);
  figures.info('statuses', [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' '));
  figures.info('documented 503s', counts.documented503);
  figures.info('timeouts (20 s)', counts.timeouts);
  figures.info('400s naming another field at fault', counts.otherFieldNamed);
  figures.info('4xx JSON-RPC errors of /mcp', counts.jsonRpcErrors);
  figures.atLeast('requests', counts.sent, size.r5Requests);
  figures.equal('operations not fuzzed', operations.length - operationsHit.size, 0);
  figures.equal('5xx (other than documented 503)', counts.fivexx, 0);
  figures.equal('connections dropped', counts.networkErrors, 0);
  figures.equal('API process exits', alive ? 0 : 1, 0);
  figures.equal('4xx not problem+json', counts.notProblem, 0);
  figures.equal('400s not naming the field at fault', counts.fieldNotNamed, 0);
  for (const [what, detail] of [...samples.entries()].slice(0, 25)) figures.info(what, detail);
  return figures;
}
