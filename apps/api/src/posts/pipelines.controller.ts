import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { type EnvironmentVariables, JOB_TYPES, JobEnvelopeDto, JobsService, type User } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { SpendingPolicy } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { badField, exactlyOne } from '../http/field-errors.js';
import { GenerateBlogDto } from './posts.dto.js';

/** Whole pipelines as one job. */
@ApiTags('pipelines')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly jobs: JobsService,
    private readonly documents: DocumentsService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly spending: SpendingPolicy,
  ) {}

  /**
   * Writes a blog post from a document of the caller's (`document_id`) or from pasted `text` (a
   * document is created from it first): outline → SEO, chapters and (with `options.images`) the
   * image plan and each chapter's image in parallel → compose → the post. Answers 202 with the generate_blog job; its output
   * has `post_id` and the job's tokens and cost.
   */
  @Post('generate_blog')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiPaymentRequired()
  async generateBlog(@CurrentUser() user: User, @Body() body: GenerateBlogDto): Promise<JobEnvelopeDto> {
    exactlyOne(body, 'text', 'document_id');
    // Before any write: a 402 leaves no document behind.
    await this.spending.assertCanSpend(user.id, { chat: true, images: body.options?.images === true });
    let documentId = body.document_id;
    if (documentId !== undefined) {
      await this.documents.get(user.id, documentId);
    } else {
      const max = this.config.get('DOCUMENT_MAX_CHARS', { infer: true });
      if (body.text!.length > max) throw badField('text', `text must be at most ${max} characters`);
      const document = await this.documents.create({ userId: user.id, sourceType: 'text', title: body.title, text: body.text! });
      documentId = document.id;
    }
    const options = body.options ? JSON.parse(JSON.stringify(body.options)) : {};
    const job = await this.jobs.create({ userId: user.id, type: JOB_TYPES.GENERATE_BLOG, input: { document_id: documentId, options }, documentId });
    return JobEnvelopeDto.from(job);
  }
}

