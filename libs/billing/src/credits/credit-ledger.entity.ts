import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

/** Append-only: grants (positive) and debits (negative); a user's balance is the sum. */
@Entity({ tableName: 'credit_ledger' })
@Index({ properties: ['userId'] })
export class CreditLedgerEntry extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  /** micro-USD; positive = grant, negative = debit. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  deltaMicros!: number;

  /** signup, checkout, invoice, usage … */
  @Property({ type: 'text' })
  reason!: string;

  /** What the entry is for (signup:<user>, checkout:<session>, invoice:<id> …): the same ref is never written twice. */
  @Property({ type: 'text', unique: true })
  ref!: string;
}
