import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ScriptoriumError } from '@scriptorium/sdk';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import './styles.css';

/** A 401 anywhere means the session ended (expired, or signed out elsewhere): show the sign-in page. */
const onError = (error: unknown) => {
  if (error instanceof ScriptoriumError && error.status === 401) queryClient.setQueryData(['me'], null);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // The SDK already retries what is safe to retry; a 4xx will not change by asking again.
      retry: (count, error) => !(error instanceof ScriptoriumError && error.status < 500) && count < 1,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
