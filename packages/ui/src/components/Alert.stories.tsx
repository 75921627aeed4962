import type { Meta, StoryObj } from "@storybook/react-vite";
import { Alert, ErrorSummary } from "./Alert.tsx";
import { longChinese } from "./fixtures.ts";

const meta = {
  title: "Forms/Alert",
  component: Alert,
  args: { tone: "success", children: "密码已修改。其他设备上的登录已退出。" },
  argTypes: { tone: { control: "inline-radio", options: ["error", "success", "info"] } },
} satisfies Meta<typeof Alert>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Success: Story = {};
export const Info: Story = { args: { tone: "info", children: "请先登录，再继续访问该页面。" } };
export const ErrorWithTitle: Story = {
  args: { tone: "error", title: "手机号码或密码不正确。", children: undefined },
};
export const LongChineseText: Story = { args: { tone: "info", title: longChinese, children: longChinese } };
export const Summary: Story = {
  render: () => (
    <ErrorSummary
      items={[
        { href: "#field-phone", message: "请输入以1开头的11位手机号码" },
        { href: "#field-password", message: "密码太短：至少需要10个字符。" },
      ]}
    />
  ),
};
export const SummaryFormError: Story = {
  render: () => <ErrorSummary message="尝试次数过多，请 30 秒后再试。" />,
};
