import type { Meta, StoryObj } from "@storybook/react-vite";
import { buttonClasses } from "./Button.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";

const meta = {
  title: "Components/ErrorState",
  component: ErrorState,
  args: {},
} satisfies Meta<typeof ErrorState>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const WithRetry: Story = { args: { onRetry: () => {} } };
export const NotFound: Story = {
  args: {
    headingLevel: 1,
    title: "找不到此页面",
    description: "您访问的页面不存在或已被移除。请检查网址，或返回首页。",
    detail: "错误代码 404",
    action: (
      <a href="/" className={buttonClasses("secondary")}>
        返回首页
      </a>
    ),
  },
};
export const LongChineseText: Story = {
  args: { title: longChinese, description: `${longChinese}。${longChinese}`, onRetry: () => {} },
};
