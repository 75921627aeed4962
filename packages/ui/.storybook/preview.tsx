import type { Preview } from "@storybook/react-vite";
import { isLocale } from "../src/i18n/i18n.ts";
import { I18nProvider } from "../src/i18n/react.tsx";
import "../src/styles.css";

const preview: Preview = {
  globalTypes: {
    locale: {
      description: "Interface language",
      toolbar: {
        title: "Locale",
        icon: "globe",
        items: [
          { value: "zh-CN", title: "中文" },
          { value: "en", title: "English" },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: "zh-CN" },
  decorators: [
    (Story, context) => {
      const value: unknown = context.globals.locale;
      const locale = isLocale(value) ? value : "zh-CN";
      return (
        <I18nProvider locale={locale}>
          <div lang={locale} className="gz-root p-4">
            <Story />
          </div>
        </I18nProvider>
      );
    },
  ],
  parameters: {
    layout: "fullscreen",
    controls: { expanded: true },
  },
};

export default preview;
