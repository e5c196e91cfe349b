import { Inject, Injectable } from '@nestjs/common';
import type { ChatModel } from '../models/chat-model.js';
import { CHAT_MODEL } from '../models/model.factory.js';
import { assertSourceLongEnough, planSource, type SourceFacts } from './source-plan.js';
import { writingLanguage } from './writing-language.js';

/**
 * What a generate_blog job would refuse, checked before it is queued so the caller gets the 422 at
 * once: a source too short once cleaned (`source_too_short`), a language the configured engine
 * cannot write in (`language_unsupported`). The worker checks the same again.
 */
@Injectable()
export class WritingSourceCheck {
  constructor(@Inject(CHAT_MODEL) private readonly model: ChatModel) {}

  /** `metadata`: the document's (captions' segments, PDF page offsets); `language`: the one asked for, if any. */
  assertWritable(text: string, metadata: Record<string, unknown>, language: string | undefined): void {
    const plan = planSource(text, metadata as SourceFacts);
    assertSourceLongEnough(plan);
    writingLanguage(this.model.engine, language, plan.language);
  }
}
