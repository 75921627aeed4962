import type { Meta, StoryObj } from "@storybook/react-vite";
import { CountBadge, PrimaryNav } from "./PrimaryNav.tsx";

const items = [
  { href: "/", label: "首页" },
  { href: "/topics", label: "议题", current: true },
  { href: "/meetings", label: "会议" },
  { href: "/votes", label: "投票" },
  { href: "/ledger", label: "台账" },
  { href: "/compound", label: "我的小区" },
];

const meta = {
  title: "Layout/PrimaryNav",
  component: PrimaryNav,
  args: { items },
  decorators: [
    (Story) => (
      <nav aria-label="主导航">
        <Story />
      </nav>
    ),
  ],
} satisfies Meta<typeof PrimaryNav>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const NoneCurrent: Story = { args: { items: items.map((i) => ({ ...i, current: false })) } };
export const English: Story = {
  args: {
    items: ["Home", "Topics", "Meetings", "Votes", "Ledger", "My compound"].map((label, i) => ({
      href: items[i]?.href ?? "/",
      label,
      current: i === 0,
    })),
  },
};
export const Badges: Story = {
  render: () => (
    <p className="flex gap-3">
      <CountBadge count={3} />
      <CountBadge count={120} />
      <CountBadge count={0} />
    </p>
  ),
};
