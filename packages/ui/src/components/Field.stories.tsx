import type { Meta, StoryObj } from "@storybook/react-vite";
import { TextField } from "./Field.tsx";
import { longChinese } from "./fixtures.ts";

const meta = {
  title: "Forms/TextField",
  component: TextField,
  args: { label: "手机号码", name: "phone", type: "tel", autoComplete: "tel", inputMode: "numeric" },
} satisfies Meta<typeof TextField>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const WithHint: Story = { args: { hint: "11位中国大陆手机号码，用于登录" } };
export const WithValue: Story = { args: { defaultValue: "13800000001" } };
export const WithError: Story = {
  args: {
    defaultValue: "1380000",
    hint: "11位中国大陆手机号码，用于登录",
    error: "请输入以1开头的11位手机号码",
  },
};
export const Password: Story = {
  args: {
    label: "密码",
    name: "password",
    type: "password",
    autoComplete: "new-password",
    hint: "至少10个字符；不要用常见密码、不要包含手机号，也不要只重复一个字符",
    error: "这个密码太常见，容易被猜到，请换一个。",
  },
};
export const Disabled: Story = { args: { defaultValue: "13800000001", disabled: true } };
export const LongChineseText: Story = {
  args: { label: longChinese, name: "title", hint: longChinese, error: longChinese },
};
