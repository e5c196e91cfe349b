import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Scope } from '@app/shared';
import type { SeededUser } from './support/accounts.js';
import { startProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8').slice(0, 5000);

const TOOLS = [
  'blog_compose',
  'chapters_organize',
  'document_create_from_text',
  'document_import_youtube',
  'document_persist',
  'generate_blog',
  'job_get',
  'outline_generate',
  'post_export',
  'post_get',
  'post_publish',
  'transcript_fetch',
  'usage_get',
];

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('MCP server (Streamable HTTP at /mcp, and stdio)', () => {
  // YouTube is unreachable and jobs get one attempt: an import fails at once.
  const stack = useStack({ worker: true, listen: true, env: { JOB_ATTEMPTS: '1', YOUTUBE_BASE_URL: 'http://127.0.0.1:9' } });
  const clients: Client[] = [];

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
  });

  async function connect(apiKey: string | undefined): Promise<Client> {
    const client = new Client({ name: 'scriptorium-test-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${stack.url}/mcp`), {
      requestInit: { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {} },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  async function agentOf(scopes?: readonly Scope[]): Promise<{ owner: SeededUser; client: Client }> {
    const owner = await stack.user(scopes);
    return { owner, client: await connect(owner.apiKey) };
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>, onprogress?: (progress: { progress: number; message?: string }) => void) =>
    (await client.callTool({ name, arguments: args }, undefined, { onprogress, timeout: 60_000, resetTimeoutOnProgress: true })) as ToolResult;

  it('lists every tool with an input schema taken from the REST DTOs, and the resource templates', async () => {
    const { client } = await agentOf();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) expect([tool.name, tool.inputSchema.type, tool.description!.length > 20]).toEqual([tool.name, 'object', true]);

    const generate = tools.find((tool) => tool.name === 'generate_blog')!.inputSchema as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(generate.properties).sort()).toEqual(['document_id', 'dry_run', 'options', 'text', 'title', 'youtube_url']);
    expect(generate.properties.document_id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(generate.properties.options).toMatchObject({ type: 'object', additionalProperties: false });
    expect(generate.properties.options.properties.chapters_count).toMatchObject({ type: 'integer', minimum: 1, maximum: 20 });
    expect(generate.properties.options.properties.images).toMatchObject({ type: 'boolean' });
    expect(generate.additionalProperties).toBe(false);
    const created = tools.find((tool) => tool.name === 'document_create_from_text')!.inputSchema;
    expect(created.required).toEqual(['text']);

    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual(['scriptorium://documents/{id}', 'scriptorium://posts/{id}']);
  });

  it('runs generate_blog to a post with a progress notification per step, metered like the REST route, then reads and exports it', async () => {
    const { owner, client } = await agentOf();
    const progress: { progress: number; message?: string }[] = [];
    const started = await call(client, 'generate_blog', { text: SAMPLE, options: { chapters_count: 2, length: 400 } }, (update) => progress.push(update));
    expect(started.isError).toBeFalsy();
    expect(started.structuredContent).toMatchObject({ job_id: expect.any(String), type: 'generate_blog', status: 'succeeded', post_id: expect.any(String), document_id: expect.any(String) });
    const { job_id: jobId, post_id: postId } = started.structuredContent!;
    expect(progress.map((update) => update.message)).toEqual(expect.arrayContaining(['job started', expect.stringMatching(/^step outline finished/), 'job succeeded']));
    expect(progress.map((update) => update.progress)).toEqual(progress.map((_, index) => index + 1));

    // The same job, usage and post the REST API shows.
    const rest = await stack.api.http.get(`/api/v1/jobs/${jobId}`).set(owner.auth).expect(200);
    expect(rest.body).toMatchObject({ status: 'succeeded', output: { post_id: postId } });
    const usage = await stack.sql<{ step_type: string; user_id: string }>('select step_type, user_id from usage_events where job_id = ?', [jobId]);
    expect(usage.map((row) => row.step_type)).toEqual(expect.arrayContaining(['outline', 'seo', 'chapter_1', 'chapter_2']));
    for (const row of usage) expect(row.user_id).toBe(owner.user.id);

    const post = await call(client, 'post_get', { post_id: postId });
    expect(post.structuredContent).toMatchObject({ id: postId, job_id: jobId, version: 1, chapters: [expect.anything(), expect.anything()] });
    const markdown = await call(client, 'post_export', { post_id: postId, format: 'md' });
    expect(markdown.content[0]!.text).toMatch(/^---\ntitle: /);
    expect(markdown.structuredContent).toMatchObject({ mime_type: 'text/markdown', name: expect.stringMatching(/\.md$/) });
    const job = await call(client, 'job_get', { job_id: jobId });
    expect(job.structuredContent).toMatchObject({ id: jobId, status: 'succeeded', steps: expect.any(Array) });
    const usageTool = await call(client, 'usage_get', { group_by: 'step' });
    expect(usageTool.structuredContent!.groups.map((group: { key: string }) => group.key)).toEqual(expect.arrayContaining(['outline']));

    const resource = await client.readResource({ uri: `scriptorium://posts/${postId}` });
    expect(resource.contents[0]).toMatchObject({ uri: `scriptorium://posts/${postId}`, mimeType: 'text/markdown', text: markdown.content[0]!.text });
    const listed = await client.listResources();
    expect(listed.resources.map((item) => item.uri)).toEqual(expect.arrayContaining([`scriptorium://posts/${postId}`, `scriptorium://documents/${started.structuredContent!.document_id}`]));
  });

  it('creates and persists documents through the same services (versions, persist usage event)', async () => {
    const { owner, client } = await agentOf();
    const created = await call(client, 'document_create_from_text', { text: 'Proofing\n\nA cool, slow proof gives an open crumb.' });
    expect(created.structuredContent).toMatchObject({ id: expect.any(String), title: 'Proofing', version: 1, source_type: 'text' });
    const documentId = created.structuredContent!.id;
    const persisted = await call(client, 'document_persist', { document_id: documentId, fields: { title: 'Proofing, slowly' }, version: 1 });
    expect(persisted.structuredContent).toEqual({ document_id: documentId, version: 2 });
    const stale = await call(client, 'document_persist', { document_id: documentId, fields: { title: 'Again' }, version: 1 });
    expect(stale).toMatchObject({ isError: true, structuredContent: { code: 'version_mismatch', status: 412 } });
    const document = await stack.api.http.get(`/api/v1/documents/${documentId}`).set(owner.auth).expect(200);
    expect(document.body).toMatchObject({ title: 'Proofing, slowly', version: 2 });
    expect(await stack.sql("select 1 from usage_events where user_id = ? and step_type = 'document.persist'", [owner.user.id])).toHaveLength(1);
    const read = await client.readResource({ uri: `scriptorium://documents/${documentId}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ id: documentId, text: expect.stringContaining('open crumb') });
  });

  it('answers bad input as a tool error naming the field, like the REST 400 (null, wrong types, unknown fields, two sources)', async () => {
    const { client } = await agentOf();
    const cases: [string, Record<string, unknown>, string][] = [
      ['document_create_from_text', { text: null }, 'text'],
      ['document_create_from_text', { text: 42 }, 'text'],
      ['generate_blog', { text: 'x', options: { chapters_count: 'four' } }, 'options.chapters_count'],
      ['generate_blog', { text: 'x', options: { outline: { chapters: [{ title: { deep: { deeper: {} } } }] } } }, 'options.outline.chapters.0.title'],
      ['generate_blog', { text: 'Some text.', document_id: '00000000-0000-4000-8000-000000000000' }, 'text'],
      ['generate_blog', {}, 'document_id'],
      ['document_create_from_text', { text: 'x', surprise: true }, 'surprise'],
      ['post_get', { post_id: 'not-a-uuid' }, 'post_id'],
      ['usage_get', { group_by: 'planet' }, 'group_by'],
      ['blog_compose', { text: 'Some text.' }, 'outline'],
    ];
    for (const [tool, args, field] of cases) {
      const result = await call(client, tool, args);
      expect([tool, JSON.stringify(args), result.isError, result.structuredContent?.code, result.structuredContent?.status]).toEqual([tool, JSON.stringify(args), true, 'bad_request', 400]);
      expect(result.structuredContent!.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(result.content[0]!.text).toMatch(/^bad_request \(400\): /);
    }
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toBeInstanceOf(McpError);
  });

  it('is refused without an API key, with a bad one, and with a session cookie instead of a key', async () => {
    await expect(connect(undefined)).rejects.toThrow(/401|Unauthorized|unauthorized/i);
    await expect(connect('scr_not-a-real-key')).rejects.toThrow(/401|Unauthorized|unauthorized/i);
    const raw = await fetch(`${stack.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await raw.json()).toMatchObject({ type: expect.stringMatching(/unauthorized$/), status: 401 });
    const owner = await stack.user();
    expect((await fetch(`${stack.url}/mcp`, { headers: { Authorization: `Bearer ${owner.apiKey}` } })).status).toBe(405);

    // A signed-in browser's session cookie opens the REST API, not the MCP endpoint.
    const { appConfig, SessionsService } = await import('@app/shared');
    const sessionId = await stack.api.app.get(SessionsService).create(owner.user.id);
    const secret = stack.api.app.get<{ secret: string }>(appConfig.KEY).secret;
    const signed = `s:${sessionId}.${createHmac('sha256', secret).update(sessionId).digest('base64').replace(/=+$/, '')}`;
    const cookie = `scriptorium_session=${encodeURIComponent(signed)}`;
    expect((await fetch(`${stack.url}/api/v1/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    const mcpWithSession = (headers: Record<string, string>) =>
      fetch(`${stack.url}/mcp`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    // MCP takes a key only: a session cookie is refused with 401, with or without its CSRF token.
    expect((await mcpWithSession({})).status).toBe(401);
    const { csrfTokenFor } = await import('../apps/api/src/auth/session-cookies.js');
    expect((await mcpWithSession({ 'X-CSRF-Token': csrfTokenFor(sessionId, secret) })).status).toBe(401);
  });

  it('cannot see another tenant\'s posts, documents or jobs, and applies the key\'s scopes', async () => {
    const alice = await agentOf();
    const started = await call(alice.client, 'generate_blog', { text: SAMPLE, options: { chapters_count: 2 } });
    const { post_id: postId, job_id: jobId, document_id: documentId } = started.structuredContent!;

    const bob = await agentOf();
    expect(await call(bob.client, 'post_get', { post_id: postId })).toMatchObject({ isError: true, structuredContent: { code: 'post_not_found', status: 404 } });
    expect(await call(bob.client, 'post_export', { post_id: postId })).toMatchObject({ isError: true, structuredContent: { code: 'post_not_found' } });
    expect(await call(bob.client, 'job_get', { job_id: jobId })).toMatchObject({ isError: true, structuredContent: { code: 'job_not_found', status: 404 } });
    expect(await call(bob.client, 'generate_blog', { document_id: documentId })).toMatchObject({ isError: true, structuredContent: { code: 'document_not_found' } });
    await expect(bob.client.readResource({ uri: `scriptorium://posts/${postId}` })).rejects.toMatchObject({ code: -32002, data: { code: 'post_not_found' } });
    const listed = await bob.client.listResources();
    expect(listed.resources.map((resource) => resource.uri)).not.toContain(`scriptorium://posts/${postId}`);

    const reader = await agentOf(['posts:read']);
    expect(await call(reader.client, 'generate_blog', { text: SAMPLE })).toMatchObject({
      isError: true,
      structuredContent: { code: 'insufficient_scope', status: 403, required_scope: 'jobs:write' },
    });
    expect(await stack.sql('select 1 from jobs where user_id = ?', [reader.owner.user.id])).toEqual([]);
    await expect(reader.client.readResource({ uri: `scriptorium://documents/${documentId}` })).rejects.toMatchObject({ data: { code: 'insufficient_scope' } });
  });

  it('reports a job that failed as a tool error with the job\'s code', async () => {
    const { client } = await agentOf();
    // No YouTube in this stack: the import cannot reach it.
    const result = await call(client, 'document_import_youtube', { video_id: 'dQw4w9WgXcQ' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), job_id: expect.any(String), job_status: 'failed' });
  }, 60_000);

  it('serves the same tools over stdio (`npm run mcp`) with the key from SCRIPTORIUM_API_KEY', async () => {
    const owner = await stack.user(['documents:write', 'documents:read']);
    const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
    const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ['dist/apps/api/src/mcp-stdio.js'], env: { ...env, SCRIPTORIUM_API_KEY: owner.apiKey }, stderr: 'pipe' }));
    clients.push(client);
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    const created = (await client.callTool({ name: 'document_create_from_text', arguments: { text: 'Over stdio\n\nThe same service writes it.' } })) as ToolResult;
    expect(created.structuredContent).toMatchObject({ title: 'Over stdio', version: 1 });
    expect(await stack.sql('select title from documents where user_id = ?', [owner.user.id])).toEqual([{ title: 'Over stdio' }]);
    const refused = (await client.callTool({ name: 'generate_blog', arguments: { text: 'x' } })) as ToolResult;
    expect(refused.structuredContent).toMatchObject({ code: 'insufficient_scope' });

    const withoutKey = startProcess('dist/apps/api/src/mcp-stdio.js', { SCRIPTORIUM_API_KEY: '' });
    expect(await withoutKey.exited).toBe(1);
    expect(withoutKey.output()).toMatch(/SCRIPTORIUM_API_KEY is required/);
  });
});
