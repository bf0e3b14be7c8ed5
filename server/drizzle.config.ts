import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads this file; it demands a default export.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
