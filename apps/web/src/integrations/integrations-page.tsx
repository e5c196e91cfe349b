import { ApiKeys } from './api-keys';
import { BrandVoices } from './brand-voices';
import { DriveConnection } from './drive-connection';
import { WebhookEndpoints } from './webhook-endpoints';

export function IntegrationsPage() {
  return (
    <>
      <h1>Integrations</h1>
      <DriveConnection />
      <ApiKeys />
      <WebhookEndpoints />
      <BrandVoices />
    </>
  );
}
