import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000000Foundation } from './Migration20261125000000_foundation.js';
import { Migration20261125085126_accounts } from './Migration20261125085126_accounts.js';
import { Migration20261125095251_documents } from './Migration20261125095251_documents.js';
import { Migration20261125100000_metering } from './Migration20261125100000_metering.js';
import { Migration20261125110000_integrations } from './Migration20261125110000_integrations.js';
import { Migration20261125120000_posts } from './Migration20261125120000_posts.js';
import { Migration20261125130000_usage_daily } from './Migration20261125130000_usage_daily.js';
import { Migration20261125140000_billing } from './Migration20261125140000_billing.js';
import { Migration20261125150000_images } from './Migration20261125150000_images.js';
import { Migration20261202000000_money } from './Migration20261202000000_money.js';
import { Migration20261202020930_webhooks } from './Migration20261202020930_webhooks.js';
import { Migration20261202100000_source_revisions } from './Migration20261202100000_source_revisions.js';
import { Migration20261202120000_writing } from './Migration20261202120000_writing.js';
import { Migration20261202200000_idempotency_lease } from './Migration20261202200000_idempotency_lease.js';
import { Migration20261202210000_publishing } from './Migration20261202210000_publishing.js';
import { Migration20261202300000_batches } from './Migration20261202300000_batches.js';
import { Migration20261202310000_training_consent } from './Migration20261202310000_training_consent.js';
import { Migration20261203090000_model_routing } from './Migration20261203090000_model_routing.js';
import { Migration20261203120000_usage_daily_keys } from './Migration20261203120000_usage_daily_keys.js';
import { Migration20261203130000_one_post_per_job } from './Migration20261203130000_one_post_per_job.js';

/** Every migration, in order. `npm run db:migration:create` writes new files here; add them to this list. */
export const MIGRATIONS: { name: string; class: Constructor<Migration> }[] = [
  { name: 'Migration20261125000000_foundation', class: Migration20261125000000Foundation },
  { name: 'Migration20261125085126_accounts', class: Migration20261125085126_accounts },
  { name: 'Migration20261125095251_documents', class: Migration20261125095251_documents },
  { name: 'Migration20261125100000_metering', class: Migration20261125100000_metering },
  { name: 'Migration20261125110000_integrations', class: Migration20261125110000_integrations },
  { name: 'Migration20261125120000_posts', class: Migration20261125120000_posts },
  { name: 'Migration20261125130000_usage_daily', class: Migration20261125130000_usage_daily },
  { name: 'Migration20261125140000_billing', class: Migration20261125140000_billing },
  { name: 'Migration20261125150000_images', class: Migration20261125150000_images },
  { name: 'Migration20261202000000_money', class: Migration20261202000000_money },
  { name: 'Migration20261202020930_webhooks', class: Migration20261202020930_webhooks },
  { name: 'Migration20261202100000_source_revisions', class: Migration20261202100000_source_revisions },
  { name: 'Migration20261202120000_writing', class: Migration20261202120000_writing },
  { name: 'Migration20261202200000_idempotency_lease', class: Migration20261202200000_idempotency_lease },
  { name: 'Migration20261202210000_publishing', class: Migration20261202210000_publishing },
  { name: 'Migration20261202300000_batches', class: Migration20261202300000_batches },
  { name: 'Migration20261202310000_training_consent', class: Migration20261202310000_training_consent },
  { name: 'Migration20261203090000_model_routing', class: Migration20261203090000_model_routing },
  { name: 'Migration20261203120000_usage_daily_keys', class: Migration20261203120000_usage_daily_keys },
  { name: 'Migration20261203130000_one_post_per_job', class: Migration20261203130000_one_post_per_job },
];
