import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'scriptorium:public';

/** Opens a route or controller to callers without a session or API key. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
