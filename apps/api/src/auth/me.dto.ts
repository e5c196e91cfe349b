import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, type Scope, type User } from '@app/shared';
import type { Principal } from './principal.js';

export class MeDto {
  id!: string;
  login!: string;
  email!: string | null;
  name!: string | null;
  avatar_url!: string | null;
  /** How this request authenticated. */
  @ApiProperty({ enum: ['session', 'api_key'] })
  authenticated_via!: 'session' | 'api_key';
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];
  created_at!: string;

  static from(user: User, principal: Principal): MeDto {
    return {
      id: user.id,
      login: user.login,
      email: user.email ?? null,
      name: user.name ?? null,
      avatar_url: user.avatarUrl ?? null,
      authenticated_via: principal.via,
      scopes: [...principal.scopes],
      created_at: user.createdAt.toISOString(),
    };
  }
}
