import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_PROVIDERS, type Integration, type IntegrationProvider } from '@app/ingestion';

/** A connected outside account. Its tokens never leave the server. */
export class IntegrationDto {
  id!: string;
  @ApiProperty({ enum: INTEGRATION_PROVIDERS })
  provider!: IntegrationProvider;
  /** What the grant allows, as the provider named it. */
  scopes!: string[];
  account_email!: string | null;
  /** When the stored access token expires (it is refreshed on use). */
  access_token_expires_at!: string | null;
  /** When it was first connected. */
  created_at!: string;
  updated_at!: string;

  static from(integration: Integration): IntegrationDto {
    return {
      id: integration.id,
      provider: integration.provider,
      scopes: integration.scopes,
      account_email: integration.accountEmail ?? null,
      access_token_expires_at: integration.accessTokenExpiresAt?.toISOString() ?? null,
      created_at: integration.createdAt.toISOString(),
      updated_at: integration.updatedAt.toISOString(),
    };
  }
}

export class IntegrationListDto {
  items!: IntegrationDto[];
  /** One integration per provider at most: the list is never paged, so this is always null. */
  next_cursor!: string | null;
}
