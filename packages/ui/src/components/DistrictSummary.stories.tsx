import type { Meta, StoryObj } from "@storybook/react-vite";
import { DistrictSummary } from "./DistrictSummary.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { demoSummary, emptySummary, longChinese } from "./fixtures.ts";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const meta = {
  title: "Domain/DistrictSummary",
  component: DistrictSummary,
  args: { summary: demoSummary },
} satisfies Meta<typeof DistrictSummary>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = { args: { summary: emptySummary } };
export const Loading: Story = { render: () => <LoadingIndicator label="正在加载辖区概况…" /> };
export const Failed: Story = {
  name: "Error",
  render: () => <ErrorState title="无法加载辖区概况" onRetry={() => {}} />,
};
export const LongChineseText: Story = {
  args: {
    summary: {
      ...demoSummary,
      district: { id: "x", code: "110119", name: longChinese, nameEn: "A very long district name" },
    },
  },
};
