import { Injectable } from '@nestjs/common';
import { ModelRouter } from '../routing/model-router.service.js';
import { assertSourceLongEnough, planSource, type SourceFacts } from './source-plan.js';
import { writingLanguage } from './writing-language.js';

/**
 * What a generate_blog job would refuse, checked before it is queued so the caller gets the 422 at
 * once: a source too short once cleaned (`source_too_short`), a language the configured engine
 * (the outline's route, else the default model) cannot write in (`language_unsupported`). The
 * worker checks the same again.
 */
@Injectable()
export class WritingSourceCheck {
  constructor(private readonly router: ModelRouter) {}

  /** `metadata`: the document's (captions' segments, PDF page offsets); `language`: the one asked for, if any. */
  assertWritable(text: string, metadata: Record<string, unknown>, language: string | undefined): void {
    const plan = planSource(text, metadata as SourceFacts);
    assertSourceLongEnough(plan);
    writingLanguage(this.router.chatModelFor('outline').engine, language, plan.language);
  }
}
