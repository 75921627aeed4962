import type { DomainCases } from "./cases.ts";

// Notifications are the signed-in user's own: the scope of the world does not matter. The fixture
// notification (topics.cases.ts setup) belongs to the resident; anyone else gets NOT_FOUND for it.
export const notificationsCases: DomainCases = {
  cases: {
    "notifications.list": { input: () => ({ limit: 10 }), scope: "ignore" },
    "notifications.unreadCount": { input: () => undefined, scope: "ignore" },
    "notifications.markRead": {
      input: (c) => ({ ids: [c.extra.notificationId as string] }),
      scope: "ignore",
    },
    "notifications.markAllRead": { input: () => undefined, scope: "ignore" },
  },
};
