import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccountsModule, SharedConfigModule } from '@app/shared';
import { BillingModule } from '@app/billing';
import { authConfig } from './auth.config.js';
import { ApiKeysController } from './api-keys.controller.js';
import { AuthController } from './auth.controller.js';
import { GithubStrategy } from './github.strategy.js';
import { MeController } from './me.controller.js';

@Module({
  imports: [SharedConfigModule.forFeature(authConfig), AccountsModule, BillingModule, PassportModule.register({ session: false })],
  controllers: [AuthController, MeController, ApiKeysController],
  providers: [GithubStrategy],
})
export class AuthModule {}
