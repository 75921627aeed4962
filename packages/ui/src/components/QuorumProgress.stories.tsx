import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorState } from "./ErrorState.tsx";
import { QuorumProgress } from "./QuorumProgress.tsx";

const meta = {
  title: "Votes/QuorumProgress",
  component: QuorumProgress,
  args: {
    area: { participated: 1_234_567, eligible: 2_845_090, required: 1_896_727 },
    headcount: { participated: 118, eligible: 262, required: 175 },
    met: false,
    reachable: true,
  },
} satisfies Meta<typeof QuorumProgress>;

export default meta;
type Story = StoryObj<typeof meta>;

export const InProgress: Story = {};
export const Met: Story = {
  args: {
    area: { participated: 2_100_000, eligible: 2_845_090, required: 1_896_727 },
    headcount: { participated: 190, eligible: 262, required: 175 },
    met: true,
  },
};
export const AreaOnly: Story = {
  args: {
    area: { participated: 1_900_000, eligible: 2_845_090, required: 1_896_727 },
    headcount: { participated: 150, eligible: 262, required: 175 },
  },
};
export const Unreachable: Story = { args: { reachable: false } };
export const Empty: Story = { args: { area: null, headcount: null } };
export const Loading: Story = { args: { loading: true } };
export const ErrorStory: Story = {
  name: "Error",
  args: { error: <ErrorState title="无法加载参与进度" /> },
};
export const LongChineseText: Story = {
  args: {
    area: { participated: 99_999_999, eligible: 123_456_789, required: 82_304_526 },
    headcount: { participated: 12_345, eligible: 20_000, required: 13_334 },
  },
};
