import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { PriceTable } from './usage/price-table.js';
import { UsageDaily } from './usage/usage-daily.entity.js';
import { UsageEvent } from './usage/usage-event.entity.js';
import { UsageRecorder } from './usage/usage-recorder.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([UsageEvent, UsageDaily])],
  providers: [PriceTable, UsageRecorder],
  exports: [PriceTable, UsageRecorder],
})
export class BillingModule {}
