import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The Python server (consoleme/static/ui) serves the build with an SPA fallback;
// during `npm run dev` the API and auth routes are proxied to a local backend.
const backend = "http://127.0.0.1:8081";

export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../consoleme/static/ui",
    emptyOutDir: true,
    assetsDir: "assets",
  },
  server: {
    proxy: {
      "/api": backend,
      "/auth": backend,
      "/noauth": backend,
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
