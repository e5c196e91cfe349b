import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { formatDate } from '../format/format';
import { Empty, ErrorView, Loading } from '../ui/states';

export function PostsPage() {
  const posts = useQuery({ queryKey: ['posts'], queryFn: ({ signal }) => api.posts.list({ query: { limit: 50 }, signal }) });
  return (
    <>
      <h1>Posts</h1>
      {posts.isPending ? (
        <Loading what="Loading posts" />
      ) : posts.error ? (
        <ErrorView error={posts.error} />
      ) : posts.data.items.length === 0 ? (
        <Empty>No posts yet: write one from a document.</Empty>
      ) : (
        <ul>
          {posts.data.items.map((post) => (
            <li key={post.id}>
              <Link to={`/posts/${post.id}`}>{post.title}</Link> <span className="muted small">/{post.slug} · {formatDate(post.updated_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
