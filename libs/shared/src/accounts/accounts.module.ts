import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SharedConfigModule } from '../config/config.module.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyCache } from './api-key-cache.js';
import { ApiKeysService } from './api-keys.service.js';
import { LoginLinksService } from './login-links.service.js';
import { SessionsService } from './sessions.service.js';
import { sessionsConfig } from './sessions.config.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [SharedConfigModule.forFeature(sessionsConfig), MikroOrmModule.forFeature([User, ApiKey])],
  providers: [UsersService, ApiKeysService, ApiKeyCache, SessionsService, LoginLinksService],
  exports: [UsersService, ApiKeysService, SessionsService, LoginLinksService],
})
export class AccountsModule {}
