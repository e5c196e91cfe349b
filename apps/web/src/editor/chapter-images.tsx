import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Media, Post } from '@scriptorium/sdk';
import { api } from '../api/client';
import { Field } from '../ui/field';
import { ErrorView } from '../ui/states';

interface ChapterImage {
  chapter_index: number;
  alt_text?: string;
  media_id?: string;
  url?: string;
  source?: string;
}

/** The post's chapter images that are shown (with a stored image). */
export function shownImages(post: Post): ChapterImage[] {
  return (post.images as unknown as ChapterImage[]).filter((image) => typeof image.chapter_index === 'number' && typeof image.url === 'string' && image.media_id);
}

/** A small rendition of a media to choose from: its smallest WebP, else the original. */
const thumbnailOf = (media: Media) => media.variants.find((variant) => variant.mime === 'image/webp')?.url ?? media.url;

/**
 * Per chapter with an image: replace it with one of the user's media, or generate it again (a
 * job; the page follows it). Either saves a new version of the post.
 */
export function ChapterImages({ post, dirty, onSaved }: { post: Post; dirty: boolean; onSaved: (updated: Post) => void }) {
  const images = shownImages(post);
  if (images.length === 0) return null;
  return (
    <section aria-labelledby="chapter-images" className="card">
      <h2 id="chapter-images" style={{ marginTop: 0 }}>
        Chapter images
      </h2>
      {dirty ? <p className="muted small">Save or discard your edits before changing an image.</p> : null}
      {images.map((image) => (
        <ChapterImageRow key={image.chapter_index} post={post} image={image} disabled={dirty} onSaved={onSaved} />
      ))}
    </section>
  );
}

function ChapterImageRow({ post, image, disabled, onSaved }: { post: Post; image: ChapterImage; disabled: boolean; onSaved: (updated: Post) => void }) {
  const navigate = useNavigate();
  const [choosing, setChoosing] = useState(false);
  const [mediaId, setMediaId] = useState('');
  const media = useQuery({ queryKey: ['media-images'], queryFn: ({ signal }) => api.media.list({ query: { limit: 100 }, signal }), enabled: choosing });
  const path = { id: post.id, index: String(image.chapter_index) };
  const replace = useMutation({
    mutationFn: (id: string) => api.posts.replaceChapterImage({ path, body: { media_id: id } }),
    onSuccess: (updated) => {
      setChoosing(false);
      setMediaId('');
      onSaved(updated);
    },
  });
  const regenerate = useMutation({
    mutationFn: () => api.posts.regenerateChapterImage({ path }),
    onSuccess: (job) => void navigate(`/jobs/${job.job_id}`),
  });
  const choices = (media.data?.items ?? []).filter((item) => item.mime.startsWith('image/') && item.id !== image.media_id);
  const label = `Chapter ${image.chapter_index + 1}`;
  return (
    <div className="row" style={{ alignItems: 'flex-start', marginBottom: 12 }} aria-label={`${label} image`} role="group">
      <img src={image.url} alt={image.alt_text ?? ''} width={160} loading="lazy" />
      <div>
        <strong>{label}</strong> <span className="muted small">{image.source === 'generated' ? 'generated' : 'your image'}</span>
        <div className="row">
          <button className="btn" type="button" disabled={disabled || replace.isPending} aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
            Replace image
          </button>
          <button className="btn" type="button" disabled={disabled || regenerate.isPending} onClick={() => regenerate.mutate()}>
            Regenerate
          </button>
        </div>
        {choosing ? (
          media.isPending ? (
            <p className="muted small">Loading your images…</p>
          ) : media.error ? (
            <ErrorView error={media.error} />
          ) : choices.length === 0 ? (
            <p className="muted small">You have no other images; upload some on the Documents page.</p>
          ) : (
            <div className="row">
              <Field label={`New image for ${label.toLowerCase()}`}>
                <select value={mediaId} onChange={(event) => setMediaId(event.target.value)}>
                  <option value="">Choose an image…</option>
                  {choices.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.original_name ?? item.alt_text ?? item.id}
                    </option>
                  ))}
                </select>
              </Field>
              {mediaId ? <img src={thumbnailOf(choices.find((item) => item.id === mediaId) ?? choices[0]!)} alt="" width={80} /> : null}
              <button className="btn primary" type="button" disabled={!mediaId || replace.isPending} onClick={() => replace.mutate(mediaId)}>
                Use this image
              </button>
            </div>
          )
        ) : null}
        {replace.error ? <ErrorView error={replace.error} /> : null}
        {regenerate.error ? <ErrorView error={regenerate.error} /> : null}
      </div>
    </div>
  );
}
