import { defineConfig } from '@hey-api/openapi-ts';

// The input path must start with ./ or hey-api reads it as a registry name and goes to the network.
export default defineConfig({
  input: './../../openapi.yaml',
  output: { path: './src/generated', importFileExtension: '.js' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk' }],
});
