import type { Meta, StoryObj } from "@storybook/react-vite";
import { VoteStatusBadge } from "./VoteStatusBadge.tsx";

const meta = {
  title: "Votes/VoteStatusBadge",
  component: VoteStatusBadge,
  args: { status: "open" },
} satisfies Meta<typeof VoteStatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const OpenSecret: Story = { args: { secret: true } };
export const Noticed: Story = { args: { status: "noticed" } };
export const Tallied: Story = { args: { status: "tallied" } };
export const Published: Story = { args: { status: "published" } };
export const Cancelled: Story = { args: { status: "cancelled" } };
export const All: Story = {
  render: () => (
    <div className="flex flex-wrap gap-2">
      {(["draft", "noticed", "open", "closed", "tallied", "published", "cancelled"] as const).map((s) => (
        <VoteStatusBadge key={s} status={s} />
      ))}
    </div>
  ),
};
