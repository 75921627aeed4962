import type { Meta, StoryObj } from "@storybook/react-vite";
import { EmptyState } from "./EmptyState.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { Loading } from "./Spinner.tsx";
import { TopicListItem } from "./TopicListItem.tsx";

const meta = {
  title: "Topics/TopicListItem",
  component: TopicListItem,
  args: {
    href: "#topic",
    title: "3 号楼前路灯不亮，晚上出行不安全",
    status: "collecting",
    category: "safety",
    supportCount: 6,
    updatedAt: "2026-11-20T10:00:00Z",
  },
  render: (args) => (
    <ul className="divide-y divide-slate-200">
      <TopicListItem {...args} />
    </ul>
  ),
} satisfies Meta<typeof TopicListItem>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Declined: Story = { args: { status: "declined", supportCount: 11 } };
export const LongChineseText: Story = { args: { title: longChinese, category: "facilities" } };
/** The list's own states, as the topics page shows them. */
export const EmptyList: Story = {
  render: () => <EmptyState title="没有找到议题" description="社区里还没有符合条件的议题。" />,
};
export const LoadingList: Story = { render: () => <Loading /> };
export const ErrorList: Story = {
  render: () => <ErrorState title="无法加载议题" description="请稍后刷新页面重试。" />,
};
