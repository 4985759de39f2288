// Vite build of the zjtx web UI.
//
// Output: $ZJTX_WEB_OUT if set (the Makefile passes $(BUILD)/web), else ../build/web.
// Assets get hashed names under /assets/ and a precompressed .gz beside them.
// `npm run dev` serves the UI with /api and /healthz proxied to $ZJTX_API
// (default http://127.0.0.1:8787, where `npm run mock` listens).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import gzipAssets from './tools/gzip-assets.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = process.env.ZJTX_WEB_OUT ? resolve(process.env.ZJTX_WEB_OUT) : resolve(here, '../build/web');
const api = process.env.ZJTX_API || 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [vue(), gzipAssets()],
  resolve: { alias: { '@': resolve(here, 'src') } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // The big libraries in chunks of their own, so a UI change does not
        // invalidate their cache. The map shape stays a lazy chunk.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
            { name: 'element', test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@ctrl|async-validator|dayjs|lodash-es|lodash-unified|@floating-ui|@popperjs|memoize-one|normalize-wheel-es|escape-html)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': api, '/healthz': api },
  },
});
