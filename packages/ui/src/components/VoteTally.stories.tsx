import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorState } from "./ErrorState.tsx";
import { VoteTally, type VoteTallyData } from "./VoteTally.tsx";

const passed: VoteTallyData = {
  matter: "special",
  eligible: { areaCentiM2: 2_845_090, headcount: 262 },
  participated: { areaCentiM2: 2_210_450, headcount: 205 },
  for: { areaCentiM2: 1_800_000, headcount: 170 },
  against: { areaCentiM2: 300_450, headcount: 25 },
  abstain: { areaCentiM2: 110_000, headcount: 10 },
  quorumMet: true,
  quorumByArea: true,
  quorumByHeadcount: true,
  approved: true,
  approvedByArea: true,
  approvedByHeadcount: true,
  passed: true,
};

const meta = {
  title: "Votes/VoteTally",
  component: VoteTally,
  args: { tally: passed },
} satisfies Meta<typeof VoteTally>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Passed: Story = {};
export const NotPassedNoQuorum: Story = {
  args: {
    tally: {
      ...passed,
      matter: "ordinary",
      participated: { areaCentiM2: 1_500_000, headcount: 150 },
      for: { areaCentiM2: 1_000_000, headcount: 100 },
      against: { areaCentiM2: 400_000, headcount: 40 },
      abstain: { areaCentiM2: 100_000, headcount: 10 },
      quorumMet: false,
      quorumByArea: false,
      quorumByHeadcount: false,
      approved: true,
      passed: false,
    },
  },
};
export const Empty: Story = { args: { tally: null } };
export const Loading: Story = { args: { loading: true } };
export const ErrorStory: Story = { name: "Error", args: { error: <ErrorState title="无法加载表决结果" /> } };
export const LongChineseText: Story = {
  args: {
    tally: {
      ...passed,
      eligible: { areaCentiM2: 9_999_999_999, headcount: 123_456 },
      participated: { areaCentiM2: 8_888_888_888, headcount: 100_000 },
      for: { areaCentiM2: 7_777_777_777, headcount: 90_000 },
    },
  },
};
