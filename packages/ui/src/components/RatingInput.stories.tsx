import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { RatingCommentField, RatingInput, RatingSummary } from "./RatingInput.tsx";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const meta = {
  title: "Forms/RatingInput",
  component: RatingInput,
  args: {},
} satisfies Meta<typeof RatingInput>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Chosen: Story = { args: { defaultValue: 4 } };
export const Failed: Story = { name: "Error", args: { error: "请选择 1 到 5 分" } };
export const Disabled: Story = { args: { defaultValue: 3, disabled: true } };
export const WithComment: Story = {
  render: () => (
    <form className="flex max-w-xl flex-col gap-4">
      <RatingInput defaultValue={5} />
      <RatingCommentField defaultValue={longChinese} />
    </form>
  ),
};
export const CommentError: Story = {
  render: () => <RatingCommentField defaultValue={longChinese} error="意见最多 1000 字" />,
};
export const Summary: Story = {
  render: () => <RatingSummary ratings={12} averageRating={4.25} mine={5} />,
};
export const SummaryEmpty: Story = {
  name: "Summary empty",
  render: () => <RatingSummary ratings={0} averageRating={null} />,
};
export const Loading: Story = { render: () => <LoadingIndicator label="正在提交评价…" /> };
export const LoadError: Story = {
  name: "Summary error",
  render: () => <ErrorState title="评价暂时无法加载" onRetry={() => {}} />,
};
