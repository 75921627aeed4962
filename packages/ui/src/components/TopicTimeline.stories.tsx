import type { Meta, StoryObj } from "@storybook/react-vite";
import { longChinese } from "./fixtures.ts";
import { TopicTimeline } from "./TopicTimeline.tsx";

const meta = {
  title: "Topics/TopicTimeline",
  component: TopicTimeline,
  args: {
    createdAt: "2026-09-01T02:00:00Z",
    entries: [
      { id: "1", to: "collecting", at: "2026-09-01T02:05:00Z" },
      { id: "2", to: "awaiting_screening", at: "2026-09-10T08:00:00Z", note: null },
      { id: "3", to: "accepted", at: "2026-09-12T03:30:00Z", note: "社区已受理，将提交十月议事会。" },
    ],
  },
} satisfies Meta<typeof TopicTimeline>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = { args: { entries: [], createdAt: undefined } };
export const Declined: Story = {
  args: {
    entries: [
      { id: "1", to: "collecting", at: "2026-09-01T02:05:00Z" },
      { id: "2", to: "awaiting_screening", at: "2026-09-10T08:00:00Z" },
      {
        id: "3",
        to: "declined",
        at: "2026-09-12T03:30:00Z",
        note: "该事项属于市政管理范围，已转交相关部门。",
      },
    ],
  },
};
export const LongChineseText: Story = {
  args: {
    entries: [
      { id: "1", to: "accepted", at: "2026-09-12T03:30:00Z", note: `${longChinese}。${longChinese}` },
    ],
  },
};
