import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorState } from "./ErrorState.tsx";
import { longChinese } from "./fixtures.ts";
import { MeetingCalendar } from "./MeetingCalendar.tsx";

const meta = {
  title: "Meetings/MeetingCalendar",
  component: MeetingCalendar,
  args: {
    month: "2026-11",
    today: "2026-11-29",
    prevHref: "?month=2026-10",
    nextHref: "?month=2026-12",
    meetings: [
      {
        id: "m1",
        date: "2026-11-15",
        href: "#m1",
        title: "11月议事会",
        time: "19:00",
        status: "held",
      },
    ],
  },
} satisfies Meta<typeof MeetingCalendar>;

export default meta;
type Story = StoryObj<typeof meta>;

export const WithMeeting: Story = {};
export const Planned: Story = {
  args: {
    meetings: [
      { id: "m2", date: "2026-11-30", href: "#m2", title: "11月议事会", time: "19:00", status: "planned" },
    ],
  },
};
export const Empty: Story = { args: { meetings: [], thisMonthHref: "?" } };
export const Loading: Story = { args: { loading: true } };
export const ErrorStory: Story = { name: "Error", args: { error: <ErrorState title="无法加载议事会" /> } };
export const LongChineseText: Story = {
  args: {
    meetings: [
      { id: "m3", date: "2026-11-03", href: "#m3", title: longChinese, time: "19:00", status: "cancelled" },
      { id: "m4", date: "2026-11-17", href: "#m4", title: longChinese, time: "09:30", status: "planned" },
    ],
  },
};
