import { billingConfig } from '../billing.config.js';
import { PriceTable, type ModelPrice } from './price-table.js';

function table(prices: Record<string, ModelPrice> = {}): PriceTable {
  return new PriceTable(billingConfig.from({ MODEL_PRICES: JSON.stringify(prices) }));
}

describe('PriceTable', () => {
  it('prices tokens per million and transcription per minute, in micro-dollars', () => {
    expect(table().costMicros('gpt-4o-mini', { tokensIn: 1_000_000, tokensOut: 100_000 })).toBe(150_000 + 60_000);
    expect(table().costMicros('whisper-1', { durationS: 90 })).toBe(9_000);
  });

  it('prices images per image and size, a size not listed at the dearest listed price', () => {
    expect(table().costMicros('gpt-image-1', { images: 1, imageSize: '1024x1024' })).toBe(42_000);
    expect(table().costMicros('dall-e-3', { images: 2, imageSize: '1792x1024' })).toBe(160_000);
    expect(table().costMicros('dall-e-3', { images: 1, imageSize: '4096x4096' })).toBe(80_000);
    expect(table().costMicros('gpt-image-1', { images: 0, imageSize: '1024x1024' })).toBe(0);
  });

  it('takes MODEL_PRICES over the defaults, with a flat per-image price', () => {
    const prices = table({ 'my-diffusion': { per_image: 0.01 }, 'gpt-image-1': { per_image: { '1024x1024': 0.011 } } });
    expect(prices.costMicros('my-diffusion', { images: 3, imageSize: '512x512' })).toBe(30_000);
    expect(prices.costMicros('gpt-image-1', { images: 1, imageSize: '1024x1024' })).toBe(11_000);
  });

  it('costs nothing for a model it has no price for', () => {
    expect(table().costMicros('unknown-model', { tokensIn: 1000, images: 1 })).toBe(0);
  });
});
