import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { User } from '../accounts/user.entity.js';
import { BaseEntity } from '../database/base.entity.js';

/** A POST made with an Idempotency-Key: its request hash and, once answered, the answer to replay. */
@Entity({ tableName: 'step_invocations' })
@Unique({ properties: ['userId', 'idempotencyKey'] })
@Index({ properties: ['userId', 'requestHash'] })
@Index({ properties: ['expiresAt'] })
export class StepInvocation extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'text' })
  requestHash!: string;

  /** in_flight until the first request is answered, then done. */
  @Property({ type: 'text' })
  state: 'in_flight' | 'done' & Opt = 'in_flight';

  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  /** Ids and envelopes only: never document text or secrets. */
  @Property({ type: 'jsonb', nullable: true })
  responseBody?: unknown;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** While in_flight: until when the running request holds the key (renewed as it runs); then a retry may take it over. */
  @Property({ type: 'timestamptz', nullable: true })
  leaseExpiresAt?: Date | null;
}
