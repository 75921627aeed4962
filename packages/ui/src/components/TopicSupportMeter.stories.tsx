import type { Meta, StoryObj } from "@storybook/react-vite";
import { TopicSupportMeter } from "./TopicSupportMeter.tsx";

const meta = {
  title: "Topics/TopicSupportMeter",
  component: TopicSupportMeter,
  args: { count: 4, threshold: 10 },
} satisfies Meta<typeof TopicSupportMeter>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Gathering: Story = {};
export const Empty: Story = { args: { count: 0 } };
/** Optimistic count while the support is being sent. */
export const Loading: Story = { args: { count: 5, pending: true } };
export const Reached: Story = { args: { count: 12 } };
/** A threshold misconfigured as 0 is read as 1 (never divides by zero). */
export const ErrorThreshold: Story = { args: { count: 3, threshold: 0 } };
export const LargeNumbers: Story = { args: { count: 12345, threshold: 20000 } };
