import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "./Button.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { NotificationItem, NotificationList } from "./NotificationItem.tsx";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const meta = {
  title: "Domain/NotificationItem",
  component: NotificationItem,
  args: {
    text: "议题“小区东门增设快递柜”已被社区受理。",
    createdAt: "2026-11-20T09:00:00+08:00",
    unread: true,
    href: "#topic",
  },
  render: (args) => (
    <NotificationList>
      <NotificationItem {...args} />
    </NotificationList>
  ),
} satisfies Meta<typeof NotificationItem>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Unread: Story = {
  args: {
    action: (
      <Button variant="secondary" aria-label="将此通知标为已读">
        标为已读
      </Button>
    ),
  },
};
export const Read: Story = { args: { unread: false } };
export const Empty: Story = {
  render: () => <EmptyState title="还没有通知" description="议题有进展时会在这里通知您。" />,
};
export const Loading: Story = { render: () => <LoadingIndicator label="正在加载通知…" /> };
export const Failed: Story = {
  name: "Error",
  render: () => <ErrorState title="通知暂时无法加载" onRetry={() => {}} />,
};
export const LongChineseText: Story = { args: { text: longChinese, unread: false, href: null } };
