import type { CaseContext, DomainCases } from "./cases.ts";

// Fixtures (meetings, accepted topics) are created by topics.cases.ts's setup, which runs first.
const id = (c: CaseContext, key: string) => c.extra[key] as string;

export const meetingsCases: DomainCases = {
  cases: {
    "meetings.plan": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        month: "2031-07",
        scheduledAt: new Date("2031-07-15T07:00:00Z"),
        location: "社区议事厅",
      }),
    },
    "meetings.list": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        fromMonth: "2031-01",
        toMonth: "2031-12",
      }),
      scope: "ignore",
    },
    "meetings.get": { input: (c) => ({ meetingId: id(c, "meetingId") }), scope: "ignore" },
    "meetings.setAgenda": {
      input: (c) => ({
        meetingId: id(c, "meetingId"),
        items: [{ topicId: id(c, "topicAccepted") }, { title: "其他事项" }],
      }),
    },
    "meetings.recordAttendance": {
      input: (c) => ({
        meetingId: id(c, "meetingId"),
        attendees: [{ name: "王大妈", capacity: "居民代表" }],
        attendanceCount: 12,
      }),
    },
    "meetings.recordMinutes": {
      input: (c) => ({ meetingId: id(c, "meetingId"), minutes: "会议纪要：讨论了停车问题。" }),
    },
    "meetings.markHeld": { input: (c) => ({ meetingId: id(c, "meetingId") }) },
    "meetings.recordDecision": {
      input: (c) => ({
        meetingId: id(c, "meetingId"),
        topicId: id(c, "topicAccepted"),
        text: "同意增设非机动车棚",
        requiresOwnersVote: false,
      }),
    },
    "meetings.cancel": { input: (c) => ({ meetingId: id(c, "meetingToCancelId"), reason: "改期" }) },
  },
};
