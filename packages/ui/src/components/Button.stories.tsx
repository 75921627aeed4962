import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "./Button.tsx";
import { longChinese } from "./fixtures.ts";

const meta = {
  title: "Components/Button",
  component: Button,
  args: { children: "提交议题", variant: "primary" },
  argTypes: { variant: { control: "inline-radio", options: ["primary", "secondary", "ghost", "danger"] } },
} satisfies Meta<typeof Button>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = {};
export const Secondary: Story = { args: { variant: "secondary", children: "取消" } };
export const Ghost: Story = { args: { variant: "ghost", children: "查看详情" } };
export const Danger: Story = { args: { variant: "danger", children: "撤回支持" } };
export const Loading: Story = { args: { loading: true, children: "正在提交…" } };
export const Disabled: Story = { args: { disabled: true, children: "投票已截止" } };
export const LongChineseText: Story = {
  args: { children: longChinese, block: true },
};
export const AllVariants: Story = {
  render: () => (
    <div className="flex flex-wrap gap-3">
      <Button>主要操作</Button>
      <Button variant="secondary">次要操作</Button>
      <Button variant="ghost">文字按钮</Button>
      <Button variant="danger">危险操作</Button>
      <Button loading>加载中</Button>
      <Button disabled>不可用</Button>
    </div>
  ),
};
