import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ScriptoriumError } from '@scriptorium/sdk';
import { api } from '../api/client';

/** Who is signed in; null when nobody is (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.me.get();
      } catch (error) {
        if (error instanceof ScriptoriumError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.auth.logout(),
    onSuccess: () => {
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}

export function SignIn() {
  return (
    <main className="signin" id="main">
      <div className="card">
        <h1>Sign in to Scriptorium</h1>
        <p>
          <a className="btn primary" href="/auth/github">
            Sign in with GitHub
          </a>
        </p>
        <h2>Without a GitHub app</h2>
        <p className="muted">Print a one-time login link on the server and open it here:</p>
        <pre className="secret">npm run cli -- user:login &lt;your-login&gt;</pre>
      </div>
    </main>
  );
}
