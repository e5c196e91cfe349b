import { randomBytes } from 'node:crypto';
import { FAKE_YOUTUBE_VIDEOS } from '../fakes/youtube.fake.js';
import type { Db } from './db.js';
import type { ApiProcess, ChaosUser } from './harness.js';
import { Figures } from './report.js';
import type { ChaosSize } from './sizes.js';

interface JobRoute {
  path: string;
  /** A JSON body, or a multipart upload (a text file). */
  body: Record<string, unknown> | { upload: string };
}

/** Every route that creates a job, with a body it accepts (drive needs a Google connection: not here). */
export function jobRoutes(text: string): JobRoute[] {
  const outline = { title: 'A loaf', chapters: [{ title: 'Starter', summary: 'Feed it' }, { title: 'Shaping', summary: 'Tension' }] };
  return [
    { path: '/api/v1/pipelines/generate_blog', body: { text } },
    { path: '/api/v1/steps/outline.generate', body: { text } },
    { path: '/api/v1/steps/chapters.organize', body: { text } },
    { path: '/api/v1/steps/seo.generate', body: { text } },
    { path: '/api/v1/steps/images.plan', body: { chapters: outline.chapters } },
    { path: '/api/v1/steps/images.generate', body: { images: [{ chapter_index: 0, prompt: 'a loaf of bread', alt_text: 'bread' }] } },
    { path: '/api/v1/steps/blog.compose', body: { outline, text } },
    { path: '/api/v1/steps/transcript.fetch', body: { video_id: FAKE_YOUTUBE_VIDEOS.manualAndAuto } },
    { path: '/api/v1/documents/youtube', body: { video_id: FAKE_YOUTUBE_VIDEOS.manualAndAuto } },
    { path: '/api/v1/documents/upload', body: { upload: text } },
  ];
}

function requestOf(route: JobRoute, auth: Record<string, string>, key: string): RequestInit {
  if ('upload' in route.body) {
    const form = new FormData();
    form.append('files', new Blob([route.body.upload as string], { type: 'text/plain' }), 'notes.txt');
    return { method: 'POST', headers: { ...auth, 'Idempotency-Key': key }, body: form };
  }
  return { method: 'POST', headers: { ...auth, 'Idempotency-Key': key, 'Content-Type': 'application/json' }, body: JSON.stringify(route.body) };
}

/** R3: N concurrent POSTs with one Idempotency-Key on each job-creating route: exactly one job each. */
export async function idempotencyRaces(api: ApiProcess, user: ChaosUser, db: Db, size: ChaosSize, text: string): Promise<Figures> {
  const figures = new Figures('R3 idempotency races');
  const jobsOf = async () => Number((await db.rows<{ n: string }>('select count(*) as n from jobs where user_id = $1', [user.id]))[0]!.n);
  let wrong = 0;
  let fivexx = 0;
  const statuses = new Map<number, number>();
  for (const route of jobRoutes(text)) {
    const before = await jobsOf();
    const key = `chaos-${randomBytes(6).toString('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: size.r3Concurrency }, async () => {
        const res = await fetch(`${api.url}${route.path}`, requestOf(route, user.auth, key));
        const body = (await res.json().catch(() => undefined)) as { job_id?: string } | undefined;
        return { status: res.status, jobId: body?.job_id };
      }),
    );
    for (const answer of answers) {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) fivexx += 1;
    }
    const created = (await jobsOf()) - before;
    const ids = new Set(answers.map((answer) => answer.jobId).filter(Boolean));
    // Nothing here needs to run: the jobs are canceled so that no later worker spends time on them.
    for (const id of ids) await fetch(`${api.url}/api/v1/jobs/${id}/cancel`, { method: 'POST', headers: user.auth }).then((res) => res.arrayBuffer());
    if (created !== 1 || ids.size !== 1) {
      wrong += 1;
      figures.info(`${route.path}: jobs created / distinct job ids answered`, `${created} / ${ids.size}`);
    }
  }
  figures.info('routes × concurrent POSTs', `${jobRoutes(text).length} × ${size.r3Concurrency}`);
  figures.info('statuses', [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' '));
  figures.equal('routes not creating exactly one job', wrong, 0);
  figures.equal('5xx answers', fivexx, 0);
  return figures;
}
