import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';

class BatchesVariables {
  /**
   * Children of one batch queued or running at once; the batch launches the next as one finishes,
   * so later children are priced against what the earlier ones really cost.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  BATCH_CHILDREN_AT_ONCE = 16;

  /** Most posts one batch makes (document ids given, videos listed, Drive documents imported). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BATCH_MAX_ITEMS = 500;
}

/** Batches (POST /api/v1/batches): how many children at once and how many in all. */
export const batchesConfig = defineConfig('batches', {
  variables: BatchesVariables,
  map: (env) => ({ childrenAtOnce: env.BATCH_CHILDREN_AT_ONCE, maxItems: env.BATCH_MAX_ITEMS }),
});
