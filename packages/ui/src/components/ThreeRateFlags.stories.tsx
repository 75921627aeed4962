import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorState } from "./ErrorState.tsx";
import { Loading as LoadingIndicator } from "./Spinner.tsx";
import { ThreeRateFlags } from "./ThreeRateFlags.tsx";

const meta = {
  title: "Domain/ThreeRateFlags",
  component: ThreeRateFlags,
  args: { flags: { hasPropertyService: true, committeeInOffice: true, partyCovered: true } },
} satisfies Meta<typeof ThreeRateFlags>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AllMet: Story = {};
export const Mixed: Story = {
  args: { flags: { hasPropertyService: true, committeeInOffice: false, partyCovered: false } },
};
export const Empty: Story = {
  name: "None met",
  args: { flags: { hasPropertyService: false, committeeInOffice: false, partyCovered: false } },
};
export const Loading: Story = { render: () => <LoadingIndicator label="正在加载小区信息…" /> };
export const Failed: Story = {
  name: "Error",
  render: () => <ErrorState title="小区信息暂时无法加载" onRetry={() => {}} />,
};
export const LongChineseText: Story = {
  render: (args) => (
    <div className="max-w-xs">
      <ThreeRateFlags {...args} />
    </div>
  ),
};
