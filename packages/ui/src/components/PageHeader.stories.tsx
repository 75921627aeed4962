import type { Meta, StoryObj } from "@storybook/react-vite";
import { buttonClasses } from "./Button.tsx";
import { longChinese } from "./fixtures.ts";
import { PageHeader } from "./PageHeader.tsx";

const meta = {
  title: "Layout/PageHeader",
  component: PageHeader,
  args: { title: "我的账户" },
} satisfies Meta<typeof PageHeader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const TitleOnly: Story = {};
export const WithIntro: Story = { args: { title: "登录", intro: "用手机号码和密码登录共治居民服务。" } };
export const WithActions: Story = {
  args: {
    title: "议题",
    intro: "本社区居民提出的议题。",
    actions: (
      <a href="#propose" className={buttonClasses("primary")}>
        提出议题
      </a>
    ),
  },
};
export const LongChineseText: Story = { args: { title: longChinese, intro: longChinese } };
