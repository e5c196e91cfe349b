import { NavLink, Route, Routes } from 'react-router';
import { SignIn, useMe, useSignOut } from './auth/session';
import { DocumentPage } from './documents/document-page';
import { DocumentsPage } from './documents/documents-page';
import { EditorPage } from './editor/editor-page';
import { PostsPage } from './editor/posts-page';
import { IntegrationsPage } from './integrations/integrations-page';
import { JobPage } from './jobs/job-page';
import { JobsPage } from './jobs/jobs-page';
import { WritePostPage } from './jobs/write-post-page';
import { UsagePage } from './usage/usage-page';
import { ThemeToggle } from './ui/theme';
import { ErrorView, Loading } from './ui/states';

export function App() {
  const me = useMe();
  const signOut = useSignOut();
  if (me.isPending) return <Loading what="Opening Scriptorium" />;
  if (me.error) return <main className="signin"><ErrorView error={me.error} /></main>;
  if (!me.data) return <SignIn />;
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <nav className="nav" aria-label="Main">
        <div className="brand">✒ Scriptorium</div>
        <NavLink to="/" end>
          Documents
        </NavLink>
        <NavLink to="/jobs">Jobs</NavLink>
        <NavLink to="/posts">Posts</NavLink>
        <NavLink to="/integrations">Integrations</NavLink>
        <NavLink to="/usage">Usage &amp; billing</NavLink>
        <div className="spacer" />
        <div className="small muted" data-testid="signed-in-as">
          {me.data.login}
        </div>
        <ThemeToggle />
        <button className="btn" onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </nav>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<DocumentsPage />} />
          <Route path="/documents/:id" element={<DocumentPage />} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/jobs/new" element={<WritePostPage />} />
          <Route path="/jobs/:id" element={<JobPage />} />
          <Route path="/posts" element={<PostsPage />} />
          <Route path="/posts/:id" element={<EditorPage />} />
          <Route path="/integrations" element={<IntegrationsPage />} />
          <Route path="/usage" element={<UsagePage />} />
          <Route path="*" element={<p>There is no page here.</p>} />
        </Routes>
      </main>
    </div>
  );
}
