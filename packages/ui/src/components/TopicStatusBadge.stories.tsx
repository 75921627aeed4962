import { topicStatuses } from "@gongzhi/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { TopicStatusBadge } from "./TopicStatusBadge.tsx";

const meta = {
  title: "Topics/TopicStatusBadge",
  component: TopicStatusBadge,
  args: { status: "collecting" },
} satisfies Meta<typeof TopicStatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Collecting: Story = {};
export const Declined: Story = { args: { status: "declined" } };
/** Every status, to compare the colours and the words. */
export const AllStatuses: Story = {
  render: () => (
    <ul className="flex flex-wrap gap-2">
      {topicStatuses.map((status) => (
        <li key={status}>
          <TopicStatusBadge status={status} />
        </li>
      ))}
    </ul>
  ),
};
