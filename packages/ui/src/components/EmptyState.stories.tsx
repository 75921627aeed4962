import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "./Button.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { longChinese } from "./fixtures.ts";

const meta = {
  title: "Components/EmptyState",
  component: EmptyState,
  args: { title: "暂无议题", description: "您所在的社区还没有居民议题。成为第一个提出议题的人吧。" },
} satisfies Meta<typeof EmptyState>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const TitleOnly: Story = { args: { description: undefined } };
export const WithAction: Story = { args: { action: <Button>提出议题</Button> } };
export const LongChineseText: Story = {
  args: { title: longChinese, description: `${longChinese}。${longChinese}` },
};
