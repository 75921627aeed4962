import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "app",
  // Server-rendered: every page works without JavaScript.
  ssr: true,
} satisfies Config;
