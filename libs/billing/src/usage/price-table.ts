import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '@app/shared';

/** USD per million tokens (and per transcribed minute), per model. */
export interface ModelPrice {
  input_per_1m: number;
  output_per_1m: number;
  per_minute?: number;
}

/** Prices used when MODEL_PRICES does not name a model; extractive is free. */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'extractive-v1': { input_per_1m: 0, output_per_1m: 0 },
  'gpt-4o-mini': { input_per_1m: 0.15, output_per_1m: 0.6 },
  'gpt-4o': { input_per_1m: 2.5, output_per_1m: 10 },
  'gpt-4.1-mini': { input_per_1m: 0.4, output_per_1m: 1.6 },
  'whisper-1': { input_per_1m: 0, output_per_1m: 0, per_minute: 0.006 },
  'youtube-captions-manual': { input_per_1m: 0, output_per_1m: 0 },
  'youtube-captions-auto': { input_per_1m: 0, output_per_1m: 0 },
};

/** Turns usage into cost_micros (millionths of a US dollar) from the configured price table. */
@Injectable()
export class PriceTable {
  private readonly logger = new Logger(PriceTable.name);
  private readonly prices: Record<string, ModelPrice>;
  private readonly warned = new Set<string>();

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.prices = { ...DEFAULT_PRICES, ...config.get('MODEL_PRICES', { infer: true }) };
  }

  costMicros(model: string, usage: { tokensIn?: number; tokensOut?: number; durationS?: number | null }): number {
    const price = this.prices[model];
    if (!price) {
      if (!this.warned.has(model)) {
        this.warned.add(model);
        this.logger.warn({ msg: 'no price for model; its usage costs 0 until MODEL_PRICES names it', model });
      }
      return 0;
    }
    // USD per 1M tokens × tokens = micro-USD exactly.
    const tokens = (usage.tokensIn ?? 0) * price.input_per_1m + (usage.tokensOut ?? 0) * price.output_per_1m;
    const minutes = ((usage.durationS ?? 0) / 60) * (price.per_minute ?? 0) * 1_000_000;
    return Math.round(tokens + minutes);
  }
}
