import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, type User } from '@app/shared';
import { BrandVoicesService } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { BrandVoiceDto, BrandVoiceListDto, BrandVoiceListQueryDto, CreateBrandVoiceDto, UpdateBrandVoiceDto } from './brand-voices.dto.js';

/**
 * The caller's brand voices: how their posts should sound. A writing request names one with
 * `brand_voice_id` (pipeline `options`, outline `options`, seo.generate, blog.compose) and every
 * step that writes is given it.
 */
@ApiTags('brand voices')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/brand-voices')
export class BrandVoicesController {
  constructor(private readonly voices: BrandVoicesService) {}

  /** Creates a brand voice: a name, a description, do and don't lists and an optional sample text. */
  @Post()
  @RequireScopes('posts:write')
  async create(@CurrentUser() user: User, @Body() body: CreateBrandVoiceDto): Promise<BrandVoiceDto> {
    return BrandVoiceDto.from(await this.voices.create(user.id, body));
  }

  /** The caller's brand voices, newest first. */
  @Get()
  @RequireScopes('posts:read')
  async list(@CurrentUser() user: User, @Query() query: BrandVoiceListQueryDto): Promise<BrandVoiceListDto> {
    const page = await this.voices.list(user.id, { cursor: query.cursor, limit: query.limit });
    return { items: page.items.map((voice) => BrandVoiceDto.from(voice)), next_cursor: page.nextCursor };
  }

  /** One of the caller's brand voices; 404 for anyone else's. */
  @Get(':id')
  @RequireScopes('posts:read')
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<BrandVoiceDto> {
    return BrandVoiceDto.from(await this.voices.get(user.id, id));
  }

  /** Changes the fields given; `sample_text: null` clears the sample. */
  @Patch(':id')
  @RequireScopes('posts:write')
  async update(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateBrandVoiceDto): Promise<BrandVoiceDto> {
    if (Object.values(body).every((value) => value === undefined)) {
      throw DomainError.badField('name', 'send name, description, do, dont and/or sample_text');
    }
    return BrandVoiceDto.from(await this.voices.update(user.id, id, body));
  }

  /** Deletes the brand voice; posts written in it keep their text. */
  @Delete(':id')
  @RequireScopes('posts:write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.voices.remove(user.id, id);
  }
}
