export * from './server.ts';
export * from './client.ts';
export * from './database.ts';
