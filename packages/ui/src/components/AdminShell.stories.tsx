import type { Meta, StoryObj } from "@storybook/react-vite";
import { AdminAccount, AdminShell } from "./AdminShell.tsx";
import { LocaleSwitch } from "./AppShell.tsx";
import { Button } from "./Button.tsx";
import { PageHeader } from "./PageHeader.tsx";

const nav = [
  { href: "#rates", label: "三率", current: true },
  { href: "#registry", label: "登记" },
  { href: "#property", label: "物业" },
  { href: "#committees", label: "委员会" },
  { href: "#coordinators", label: "协管员" },
  { href: "#deliberation", label: "议事" },
  { href: "#ledgers", label: "台账" },
  { href: "#codes", label: "户码" },
  { href: "#users", label: "用户" },
  { href: "#audit", label: "审计" },
];

const meta = {
  title: "Admin/AdminShell",
  component: AdminShell,
  parameters: { layout: "fullscreen" },
  args: {
    title: "共治 · 工作台",
    homeHref: "#",
    nav,
    navLabel: "工作台导航",
    account: (
      <AdminAccount
        label="当前账户"
        name="王芳"
        scope="区级工作人员 · 延庆区"
        signOut={<Button variant="secondary">退出登录</Button>}
      />
    ),
    end: <LocaleSwitch />,
    children: (
      <PageHeader title="物业管理“三率”" intro="物业服务覆盖率、业委会（物管会）组建率和党的组织覆盖率。" />
    ),
  },
} satisfies Meta<typeof AdminShell>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Phone: Story = { parameters: { viewport: { defaultViewport: "mobile1" } } };
