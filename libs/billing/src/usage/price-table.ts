import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { modelRoutingConfig } from '@app/shared';
import { billingConfig } from '../billing.config.js';

/** USD per million tokens (per transcribed minute, per generated image), per model. */
export interface ModelPrice {
  input_per_1m?: number;
  output_per_1m?: number;
  per_minute?: number;
  /** USD per image: one price, or one per size ("1024x1024"); a size not listed costs the dearest listed. */
  per_image?: number | Record<string, number>;
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
  'gpt-image-1': { input_per_1m: 0, output_per_1m: 0, per_image: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 } },
  'dall-e-3': { per_image: { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1024': 0.08 } },
  'dall-e-2': { per_image: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 } },
};

/** Turns usage into cost_micros (millionths of a US dollar) from the configured price table. */
@Injectable()
export class PriceTable {
  private readonly logger = new Logger(PriceTable.name);
  private readonly prices: Record<string, ModelPrice>;
  /** Each named provider's own prices (MODEL_PROVIDERS), over the table above. */
  private readonly providerPrices: Record<string, Record<string, ModelPrice>>;
  private readonly warned = new Set<string>();

  constructor(
    @Inject(billingConfig.KEY) billing: ConfigType<typeof billingConfig>,
    @Optional() @Inject(modelRoutingConfig.KEY) routing?: ConfigType<typeof modelRoutingConfig>,
  ) {
    this.prices = { ...DEFAULT_PRICES, ...billing.modelPrices };
    this.providerPrices = Object.fromEntries(Object.values(routing?.providers ?? {}).map((provider) => [provider.name, provider.prices]));
  }

  /** The provider's price for the model when it names one, else the model's (MODEL_PRICES, defaults). */
  priceOf(model: string, provider?: string | null): ModelPrice | undefined {
    return (provider ? this.providerPrices[provider]?.[model] : undefined) ?? this.prices[model];
  }

  costMicros(
    model: string,
    usage: { tokensIn?: number; tokensOut?: number; durationS?: number | null; images?: number; imageSize?: string | null },
    provider?: string | null,
  ): number {
    const price = this.priceOf(model, provider);
    if (!price) {
      if (!this.warned.has(model)) {
        this.warned.add(model);
        this.logger.warn({ msg: 'no price for model; its usage costs 0 until MODEL_PRICES names it', model });
      }
      return 0;
    }
    // USD per 1M tokens × tokens = micro-USD exactly.
    const tokens = (usage.tokensIn ?? 0) * (price.input_per_1m ?? 0) + (usage.tokensOut ?? 0) * (price.output_per_1m ?? 0);
    const minutes = ((usage.durationS ?? 0) / 60) * (price.per_minute ?? 0) * 1_000_000;
    const images = (usage.images ?? 0) * imagePrice(price.per_image, usage.imageSize) * 1_000_000;
    return Math.round(tokens + minutes + images);
  }
}

function imagePrice(perImage: ModelPrice['per_image'], size: string | null | undefined): number {
  if (perImage === undefined) return 0;
  if (typeof perImage === 'number') return perImage;
  const listed = size ? perImage[size] : undefined;
  return listed ?? Math.max(0, ...Object.values(perImage));
}
