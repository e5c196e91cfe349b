import { IsUUID } from 'class-validator';
import { PostExportQueryDto, PostQueryDto } from '../posts/posts.dto.js';
import { PublishPostDto } from '../publishing/publish-targets.dto.js';

/** job_get's input. */
export class JobRefDto {
  /** The job's id (a tool that started a job answers it). */
  @IsUUID()
  job_id!: string;
}

/** post_get's input: the REST query of GET /posts/{id}, with the post's id. */
export class PostGetInputDto extends PostQueryDto {
  @IsUUID()
  post_id!: string;
}

/** post_export's input: the REST query of GET /posts/{id}/export, with the post's id. */
export class PostExportInputDto extends PostExportQueryDto {
  @IsUUID()
  post_id!: string;
}

/** post_publish's input: the REST body of POST /posts/{id}/publish, with the post's id. */
export class PostPublishInputDto extends PublishPostDto {
  @IsUUID()
  post_id!: string;
}
