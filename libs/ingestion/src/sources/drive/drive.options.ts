/** Injection token of the Google/Drive settings, built from the environment by IngestionModule. */
export const DRIVE_OPTIONS = Symbol('DRIVE_OPTIONS');

export interface DriveOptions {
  clientId?: string;
  clientSecret?: string;
  /** Our OAuth callback: `${PUBLIC_URL}/api/v1/integrations/google/callback`. */
  redirectUri: string;
  authUrl: string;
  tokenUrl: string;
  driveRootUrl: string;
  /** A service account key's JSON, used for users without a Google connection. */
  serviceAccountJson?: string;
  /** Largest file one import downloads (UPLOAD_MAX_BYTES). */
  maxFileBytes: number;
}
