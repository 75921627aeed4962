import type { notificationsZhCN } from "./notifications.zh-CN.ts";

/** English messages of the notifications feature: exactly the keys of its zh-CN file. */
export const notificationsEn = {
  "notifications.title": "Notifications",
  "notifications.intro": "In-app notices about topics, votes and what became of decisions.",
  "notifications.unreadCount": "{count} unread",
  "notifications.allRead": "No unread notifications",
  "notifications.empty": "No notifications yet",
  "notifications.emptyBody":
    "You are notified here when a topic you proposed or support moves on, a vote opens or a result is published.",
  "notifications.unread": "Unread",
  "notifications.read": "Read",
  "notifications.open": "Open",
  "notifications.markRead": "Mark as read",
  "notifications.markReadLabel": "Mark “{text}” as read",
  "notifications.markAllRead": "Mark all as read",
  "notifications.markedRead": "Marked as read.",
  "notifications.markedAllRead": "All notifications are marked as read.",
  "notifications.nextPage": "Older notifications",
  "notifications.firstPage": "Back to the newest",
  "notifications.pagination": "Notification pages",
  "notifications.listLabel": "Notifications",
  "notifications.unknown": "You have a new notification.",
  "notification.welcome": "Welcome to Gongzhi for {community}!",
  "notification.topic_accepted": "The topic “{title}” was accepted by the community.",
  "notification.topic_declined": "The topic “{title}” was declined. Reason: {reason}",
  "notification.topic_merged": "The topic “{title}” was merged with an identical topic.",
  "notification.topic_scheduled": "The topic “{title}” is on the agenda of the {month} meeting.",
  "notification.vote_opened": "The owners' vote “{title}” is open. Please vote.",
  "notification.result_published": "The result of the owners' vote “{title}” is published.",
  "notification.ballot_cast":
    "Owners' vote “{title}”: a ballot was cast for your unit. If neither you nor a co-owner cast it, contact the community office now.",
  "notification.ballot_changed":
    "Owners' vote “{title}”: the ballot of your unit was changed. If you did not change it, contact the community office now.",
  "notification.ownership_verified_by_code":
    "{name} was verified as an owner of your unit with a household code.",
  "notification.ownership_verified_by_staff":
    "Staff verified {name} as an owner of your unit on a document. If this is wrong, contact the community office.",
  "notification.representative_designated":
    "The co-owners' voting representative of your unit is now recorded as: {name}.",
  "notification.ledger_updated": "Progress on “{title}”: {status}.",
  "notification.meeting_planned": "The next meeting is on {date} at {location}.",
  "notification.committee_alert": "The owners' organisation of {compound} has an alert to handle.",
  "notification.work_order.dispatched": "Work order {number} was dispatched to your unit; please accept it.",
  "notification.work_order.answered":
    "Your request (work order {number}) was answered; please tell us how it went (callback).",
  "notification.work_order.reopened": "Work order {number} was reopened: the callback says it is not solved.",
  "notification.work_order.extension_approved": "The extension for work order {number} was approved.",
  "notification.work_order.extension_rejected": "The extension for work order {number} was not approved.",
  "notification.whistle.summoned":
    'Whistle "{title}" summons your unit: please acknowledge and report on site.',
  "notification.whistle.refused": 'A unit refused the whistle "{title}"; see its reason.',
  "notification.whistle.reported": 'A unit reported on site for the whistle "{title}".',
  "notification.whistle.escalated": 'The whistle "{title}" was escalated to the district command.',
} as const satisfies Record<keyof typeof notificationsZhCN, string>;
