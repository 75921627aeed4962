import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "./Button.tsx";
import { Card } from "./Card.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { Loading as LoadingIndicator } from "./Spinner.tsx";

const meta = {
  title: "Components/Card",
  component: Card,
  args: {
    title: "本月协商议题",
    children: <p>妫水南区社区 12 月居民议事会将于 12 月 15 日 19:00 在社区活动室召开。</p>,
  },
} satisfies Meta<typeof Card>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const WithActions: Story = { args: { actions: <Button variant="secondary">查看全部</Button> } };
export const Empty: Story = {
  args: {
    children: <EmptyState title="本月还没有议题" description="居民提出的议题获得足够支持后会出现在这里。" />,
  },
};
export const Loading: Story = { args: { children: <LoadingIndicator /> } };
export const ErrorInside: Story = { args: { children: <ErrorState onRetry={() => {}} /> } };
export const LongChineseText: Story = {
  args: { title: longChinese, children: <p>{`${longChinese}。${longChinese}。`}</p> },
};
