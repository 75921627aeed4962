import type { Meta, StoryObj } from "@storybook/react-vite";
import { EmptyState } from "./EmptyState.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { LedgerItemCard, type LedgerItemData } from "./LedgerItem.tsx";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const base: LedgerItemData = {
  id: "l-1",
  title: "3号楼北侧增设非机动车充电棚",
  responsibleUnit: "温泉南区社区居委会",
  deadline: "2026-12-31",
  status: "in_progress",
  supervisionLevel: "community",
  done: false,
  overdue: false,
  closedOn: null,
  latestProgress: "已完成选址，正在联系供电公司报装。",
  ratings: 0,
  averageRating: null,
};

const meta = {
  title: "Domain/LedgerItemCard",
  component: LedgerItemCard,
  args: { item: base, href: "#ledger" },
} satisfies Meta<typeof LedgerItemCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const InProgress: Story = {};
export const Done: Story = {
  args: {
    item: { ...base, status: "done", done: true, closedOn: "2026-10-20", ratings: 12, averageRating: 4.25 },
  },
};
export const Overdue: Story = {
  args: {
    item: { ...base, status: "escalated", overdue: true, deadline: "2026-09-30", latestProgress: null },
  },
};
export const Empty: Story = {
  render: () => (
    <EmptyState title="还没有台账事项" description="议事会作出决定后，社区会把要办的事登记到台账。" />
  ),
};
export const Loading: Story = { render: () => <LoadingIndicator label="正在加载台账…" /> };
export const Failed: Story = {
  name: "Error",
  render: () => <ErrorState title="台账暂时无法加载" onRetry={() => {}} />,
};
export const LongChineseText: Story = {
  args: {
    item: { ...base, title: longChinese, responsibleUnit: longChinese, latestProgress: longChinese },
  },
};
