import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, type User } from '@app/shared';
import { PublishTargetsService } from '@app/publishing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { CreatePublishTargetDto, PublishTargetDto, PublishTargetListDto } from './publish-targets.dto.js';

/** Blogs the caller publishes posts to: WordPress sites and Ghost sites. Credentials go in, never out. */
@ApiTags('publishing')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/publish-targets')
export class PublishTargetsController {
  constructor(private readonly targets: PublishTargetsService) {}

  /**
   * Adds a WordPress site (`username` + `application_password`) or a Ghost site (`admin_api_key`).
   * The credentials are stored encrypted and never answered. A URL that is, or resolves to, a
   * private, loopback, link-local or metadata address is a 400 (`url_not_allowed`).
   */
  @Post()
  @RequireScopes('posts:write')
  @ApiConflictResponse({ description: 'the account already has the most targets allowed (publish_target_limit)' })
  async create(@CurrentUser() user: User, @Body() body: CreatePublishTargetDto): Promise<PublishTargetDto> {
    const target = await this.targets.create(
      user.id,
      body.kind === 'wordpress'
        ? { kind: 'wordpress', name: body.name, url: body.url, username: body.username!, applicationPassword: body.application_password! }
        : { kind: 'ghost', name: body.name, url: body.url, adminApiKey: body.admin_api_key! },
    );
    return PublishTargetDto.from(target);
  }

  /** The caller's targets, newest first. */
  @Get()
  @RequireScopes('posts:read')
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<PublishTargetListDto> {
    const page = await this.targets.list(user.id, query);
    return { items: page.items.map((target) => PublishTargetDto.from(target)), next_cursor: page.nextCursor };
  }

  /** A target: its kind, name, URL and masked credentials (never the credentials themselves). */
  @Get(':id')
  @RequireScopes('posts:read')
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<PublishTargetDto> {
    return PublishTargetDto.from(await this.targets.get(user.id, id));
  }

  /** Forgets the target and its credentials; posts already on the blog stay there. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('posts:write')
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.targets.delete(user.id, id);
  }
}
