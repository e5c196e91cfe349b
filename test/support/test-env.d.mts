export declare const ADMIN_DATABASE_URL: string;
export declare const TEST_REDIS_URL: string;
export declare function databaseUrlFor(name: string): string;
export declare function templateDatabaseOf(database: string): string;
