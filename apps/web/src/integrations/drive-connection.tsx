import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { formatDate } from '../format/format';
import { ErrorView, Loading } from '../ui/states';

export function DriveConnection() {
  const client = useQueryClient();
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: ({ signal }) => api.integrations.list({ signal }) });
  const disconnect = useMutation({
    mutationFn: () => api.integrations.disconnectGoogle(),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integrations'] }),
  });
  const google = integrations.data?.items.find((item) => item.provider === 'google');
  return (
    <section aria-labelledby="drive" className="card">
      <h2 id="drive" style={{ marginTop: 0 }}>
        Google Drive
      </h2>
      {integrations.isPending ? (
        <Loading />
      ) : integrations.error ? (
        <ErrorView error={integrations.error} />
      ) : google ? (
        <div className="row spread">
          <span>
            Connected{google.account_email ? ` as ${google.account_email}` : ''} since {formatDate(google.created_at)}.
          </span>
          <button className="btn danger" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
            Disconnect
          </button>
        </div>
      ) : (
        <div className="row spread">
          <span className="muted">Not connected: connect to import a Drive folder as documents.</span>
          {/* A browser navigation: the API redirects to Google's consent page and back. */}
          <a className="btn primary" href="/api/v1/integrations/google/connect?return_to=/integrations">
            Connect Google Drive
          </a>
        </div>
      )}
      {disconnect.error ? <ErrorView error={disconnect.error} /> : null}
    </section>
  );
}
