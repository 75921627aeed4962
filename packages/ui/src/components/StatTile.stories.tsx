import type { Meta, StoryObj } from "@storybook/react-vite";
import { longChinese } from "./fixtures.ts";
import { StatGrid, StatTile } from "./StatTile.tsx";

const meta = {
  title: "Components/StatTile",
  component: StatTile,
  args: { label: "小区", value: 312 },
  decorators: [
    (Story) => (
      <StatGrid>
        <Story />
      </StatGrid>
    ),
  ],
} satisfies Meta<typeof StatTile>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const LargeNumber: Story = { args: { label: "房屋", value: 1234567 } };
export const Zero: Story = { args: { label: "逾期台账", value: 0 } };
export const Unknown: Story = { args: { label: "物业覆盖率", value: null, hint: "数据尚未统计" } };
export const WithHint: Story = { args: { label: "业委会", value: 87, hint: "较上月 +3" } };
export const LongChineseText: Story = { args: { label: longChinese, value: 42 } };
export const Grid: Story = {
  render: () => (
    <>
      <StatTile label="街道乡镇" value={18} />
      <StatTile label="社区（村）" value={407} />
      <StatTile label="网格" value={414} />
      <StatTile label="小区" value={312} />
      <StatTile label="楼栋" value={2841} />
      <StatTile label="房屋" value={61234} />
    </>
  ),
};
