import type { Meta, StoryObj } from "@storybook/react-vite";
import { longChinese } from "./fixtures.ts";
import { Loading, Spinner } from "./Spinner.tsx";

const meta = {
  title: "Components/Loading",
  component: Loading,
  args: {},
} satisfies Meta<typeof Loading>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const CustomLabel: Story = { args: { label: "正在统计辖区数据…" } };
export const LongChineseText: Story = { args: { label: longChinese } };
export const SpinnerOnly: Story = {
  render: () => (
    <p className="flex items-center gap-2 text-brand-700">
      <Spinner size={32} />
      <span>保存中</span>
    </p>
  ),
};
