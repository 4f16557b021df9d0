import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  plugins: [
    adonisjs({
      entryPoints: [
        'resources/css/app.css',
        'resources/css/courses_pages.css',
        'resources/css/payments_pages.css',
        'resources/js/app.ts',
      ],
      reload: ['resources/views/**/*.edge'],
    }),
  ],
  build: {
    // one small script bundle: htmx + Alpine (CSP build) + our components; the signed-in
    // live parts (resources/js/realtime.ts) are a second chunk, fetched where used
    modulePreload: false,
  },
})
