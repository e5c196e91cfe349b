import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ApiKey } from './api-key.entity.js';
import { ApiKeysService } from './api-keys.service.js';
import { SessionsService } from './sessions.service.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([User, ApiKey])],
  providers: [UsersService, ApiKeysService, SessionsService],
  exports: [UsersService, ApiKeysService, SessionsService],
})
export class AccountsModule {}
