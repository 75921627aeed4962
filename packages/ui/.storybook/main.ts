import type { StorybookConfig } from "@storybook/react-vite";

// Storybook gets its own Vite config (.storybook/vite.config.ts): the apps' Vite configs carry
// the React Router plugin, which breaks `storybook build` (see shared STACK.md).
const config: StorybookConfig = {
  stories: ["../src/**/*.stories.@(ts|tsx)"],
  framework: {
    name: "@storybook/react-vite",
    options: { builder: { viteConfigPath: ".storybook/vite.config.ts" } },
  },
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
};

export default config;
