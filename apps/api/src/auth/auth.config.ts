import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl } from 'class-validator';
import { defineConfig, emptyToUndefined, LOCAL_URL } from '@app/shared';

class AuthVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GITHUB_CLIENT_SECRET?: string;

  @IsUrl(LOCAL_URL)
  GITHUB_BASE_URL = 'https://github.com';

  @IsUrl(LOCAL_URL)
  GITHUB_API_URL = 'https://api.github.com';

  /** Where the browser lands after a GitHub login (a path on PUBLIC_URL or a full URL): the dashboard. */
  @IsString()
  LOGIN_REDIRECT_URL = '/';
}

/** GitHub login (the session lifetime is the sessions slice's). */
export const authConfig = defineConfig('auth', {
  variables: AuthVariables,
  map: (env) => ({
    github: { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET, baseUrl: env.GITHUB_BASE_URL, apiUrl: env.GITHUB_API_URL },
    loginRedirectUrl: env.LOGIN_REDIRECT_URL,
  }),
});
