import type { Meta, StoryObj } from "@storybook/react-vite";
import { RateCard } from "./RateCard.tsx";

const meta = {
  title: "Admin/RateCard",
  component: RateCard,
  args: {
    title: "物业服务覆盖率",
    rate: 41 / 46,
    fraction: "41 / 46 个小区有物业服务",
    weighted: "按户数：93.1%（12,034 / 12,925 户）",
    target: 0.9,
    targetLabel: "目标 90.0%",
    status: "unmet",
    statusText: "还需 1 个小区有物业服务",
  },
  decorators: [
    (Story) => (
      <div className="max-w-sm">
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof RateCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const BelowTarget: Story = {};
export const Met: Story = {
  args: {
    title: "党的组织覆盖率",
    rate: 1,
    fraction: "39 / 39 个在任委员会有党组织覆盖",
    status: "met",
    statusText: "已达标",
  },
};
export const NothingToMeasure: Story = {
  args: {
    title: "党的组织覆盖率",
    rate: null,
    fraction: "0 / 0 个在任委员会有党组织覆盖",
    weighted: undefined,
    status: "none",
    statusText: "无可统计对象",
  },
};
export const English: Story = {
  args: {
    title: "Committee formation",
    rate: 0.848,
    fraction: "39 / 46 compounds have an owners' or interim committee in office",
    weighted: "By households: 86.0% (11,115 / 12,925 households)",
    targetLabel: "Target 90.0%",
    statusText: "3 more committees need to be formed",
  },
};
